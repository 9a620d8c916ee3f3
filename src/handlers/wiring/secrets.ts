import type { Provider } from '../compose.js';

export const secretsManager: Provider<'secrets'> = ({ secrets }) => secrets;
