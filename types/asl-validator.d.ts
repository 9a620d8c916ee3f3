declare module 'asl-validator' {
  interface Options {
    checkPaths?: boolean;
    checkArn?: boolean;
  }
  interface Result {
    isValid: boolean;
    errors: { 'Error code': string; Message: string }[];
  }
  export default function aslValidator(definition: unknown, options?: Options): Result;
}
