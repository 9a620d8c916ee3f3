import * as z from '../../shared/zod.js';
import { caughtError } from '../../platform/caught-error.js';
import { validateClient, type Client, type ClientValidation } from '../../domain/clients/client.js';
import { redact } from '../../platform/redact.js';
import type { ClientRepository, UpsertOutcome } from '../../ports/client-repository.js';

/** ValidateClient state. */
export function validate(message: unknown, defaultRegion: string): ClientValidation {
  return validateClient(message, defaultRegion);
}

/** UpsertClient state. */
export function upsert(repository: ClientRepository, client: Client, messageId: string): Promise<{ clientId: number; outcome: UpsertOutcome }> {
  return repository.upsert(client, messageId);
}

/** What RecordRejection receives: the whole state, coming from the Choice or from a Catch. */
export const rejectionState = z.object({
  messageId: z.string().check(z.minLength(1)),
  receivedAt: z.optional(z.string()),
  message: z.unknown(),
  validation: z.optional(z.object({ valid: z.boolean(), reasons: z.optional(z.array(z.string())) })),
  error: z.optional(caughtError),
});
export type RejectionState = z.infer<typeof rejectionState>;

/** The reason in one line: validation reasons, or the message of a caught ValidationError. */
export function rejectionReason(state: RejectionState): string {
  if (state.validation && !state.validation.valid && state.validation.reasons?.length) return state.validation.reasons.join('; ');
  const cause = state.error?.Cause;
  if (cause) {
    try {
      const parsed = JSON.parse(cause) as { errorMessage?: string };
      if (parsed.errorMessage) return parsed.errorMessage;
    } catch {
      return cause.split('\n')[0] ?? cause;
    }
  }
  return state.error?.Error ?? 'rejected';
}

/** RecordRejection state: stores the reason and the message with personal data masked. */
export async function recordRejection(repository: ClientRepository, state: RejectionState): Promise<{ rejected: true; reason: string }> {
  const reason = rejectionReason(state);
  await repository.recordRejection({ messageId: state.messageId, reason, payload: redact(state.message, { personal: true }), receivedAt: state.receivedAt });
  return { rejected: true, reason };
}
