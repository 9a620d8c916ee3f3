import { ConfigError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors.js';

/** An SDK error as one line naming the action; a denied call becomes ForbiddenError, a missing execution NotFoundError. */
export function explain(action: string, raw: unknown): Error {
  const error = raw as { name?: string; message?: string };
  const name = error.name ?? 'Error';
  if (name === 'AccessDeniedException' || name === 'AccessDenied' || name === 'UnrecognizedClientException') return new ForbiddenError(`not allowed to call states:${action} (${name}): see docs/operations.md for the IAM policy`);
  if (name === 'ExecutionDoesNotExist' || name === 'StateMachineDoesNotExist' || name === 'ResourceNotFound') return new NotFoundError(`${action}: ${name}${error.message ? `: ${error.message.split('\n')[0]}` : ''}`);
  // The SDK's own "where are your credentials / region" failures: name what to set, not a stack.
  if (name === 'CredentialsProviderError' || /Could not load credentials/.test(error.message ?? '')) return new ConfigError(['AWS credentials'], 'none found in the environment, ~/.aws or SSO; run aws configure or aws sso login');
  if (/Region is missing/.test(error.message ?? '')) return new ConfigError(['AWS_REGION'], 'set it, a region in your AWS profile, or pass --region');
  if (name === 'ExecutionNotRedrivable') return new ValidationError(`${action}: ${error.message ?? name}`);
  return raw instanceof Error ? raw : new Error(String(raw));
}

