/** The sample flow of `statemachines/hello.asl.json`: greets someone, politely or loudly. */
export interface GreetInput {
  name: string;
  loud?: boolean;
}

export interface Greeting {
  greeting: string;
  loud: boolean;
}

export function greet(input: GreetInput): Greeting {
  const greeting = `Olá, ${input.name.trim()}!`;
  return { greeting: input.loud ? greeting.toUpperCase() : greeting, loud: input.loud ?? false };
}
