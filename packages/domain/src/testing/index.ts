// Test helpers, for the packages' tests only: no function bundle imports this entry point.
export * from './identity-arbitraries';
export * from './schema-fidelity';
