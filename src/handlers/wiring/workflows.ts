import { StepFunctionsHistory, StepFunctionsStarter } from '../../adapters/aws/sfn-workflow.js';
import type { Provider } from '../compose.js';

export const sfnWorkflows: Provider<'workflows'> = ({ settings, config }) => new StepFunctionsStarter(settings, config.STATE_MACHINE_ARN_PREFIX);
export const sfnHistory: Provider<'history'> = ({ settings, config }) => new StepFunctionsHistory(settings, config.STATE_MACHINE_ARN_PREFIX);
