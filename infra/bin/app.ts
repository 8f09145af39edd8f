#!/usr/bin/env node
/**
 * The CDK app: one stack per platform of the topology (Jilin-Province, Jilin-Changchun,
 * Jilin-Siping, Jilin-Liaoyuan), each from infra/config/<slug>.json, checked by cdk-nag.
 * `npx cdk synth`, `npx cdk deploy Jilin-Changchun`; `-c region=…` / `-c account=…` override
 * every platform's configured region and account.
 */
import { App } from 'aws-cdk-lib';
import { buildPlatformApp } from '../src/app';
import { DeploymentConfigError } from '../src/errors';

const app = new App();
try {
  buildPlatformApp(app);
} catch (error) {
  if (error instanceof DeploymentConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
