import * as z from '../../shared/zod.js';

/** The sample flow of `statemachines/hello.asl.json`: greets someone, politely or loudly. */
export const greetInput = z.object({ name: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)), loud: z.optional(z.boolean()) });

export type GreetInput = z.infer<typeof greetInput>;

export interface Greeting {
  greeting: string;
  loud: boolean;
}

/** A pure step: it needs no port, so its handler wires none (`onAws({}, build)`). */
export function greet(input: GreetInput): Greeting {
  const greeting = `Olá, ${input.name.trim()}!`;
  return { greeting: input.loud ? greeting.toUpperCase() : greeting, loud: input.loud ?? false };
}
