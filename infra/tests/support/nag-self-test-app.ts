/**
 * A CDK app with findings cdk-nag must report: a queue without a DLQ or a TLS-only policy.
 * `stacks.test.ts` synthesises it with the CDK CLI to prove that `npx cdk synth` itself fails on
 * an unacknowledged finding. It has no function, so nothing is bundled.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { addNagChecks } from '../../src/app';

const app = new App();
const stack = new Stack(app, 'NagSelfTest');
new sqs.Queue(stack, 'Plain', { encryption: sqs.QueueEncryption.SQS_MANAGED });
addNagChecks(app);
