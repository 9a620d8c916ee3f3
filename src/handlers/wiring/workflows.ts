import type { Provider } from '../compose.js';

export const sfnWorkflows: Provider<'workflows'> = async ({ settings, config }) => new (await import('../../adapters/aws/sfn-workflow.js')).StepFunctionsStarter(settings, config.STATE_MACHINE_ARN_PREFIX);
export const sfnHistory: Provider<'history'> = async ({ settings, config }) => new (await import('../../adapters/aws/sfn-workflow.js')).StepFunctionsHistory(settings, config.STATE_MACHINE_ARN_PREFIX);
