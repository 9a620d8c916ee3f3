/**
 * Amazon Transcribe's job API as the AssistantTurn machine calls it through
 * the SDK integration (`aws-sdk:transcribe:startTranscriptionJob` /
 * `getTranscriptionJob`): parameters and answers in the SDK's shapes, errors
 * named `Transcribe.<Exception>`. Only the local engine needs this port; on AWS
 * Step Functions calls Transcribe itself.
 */
export interface TranscriptionJobs {
  start(parameters: Record<string, unknown>): Promise<unknown>;
  get(parameters: Record<string, unknown>): Promise<unknown>;
}
