import { AjvCompiler, type ValidatorFactory } from '@fastify/ajv-compiler';

type Validate = ReturnType<ReturnType<ValidatorFactory>>;

/**
 * Fastify's own validators (Ajv, with its options), each compiled when its route is first asked
 * rather than all at start: compiling the ~60 route schemas was the largest part of the time from
 * `serve` to the first answer, and a reader's first page needs two or three of them.
 */
export function lazyValidators(build: ValidatorFactory = AjvCompiler()): ValidatorFactory {
  return (externalSchemas, options) => {
    const compile = build(externalSchemas, options);
    return (route) => {
      let compiled: Validate | undefined;
      const validate = function (this: unknown, ...args: Parameters<Validate>) {
        compiled ??= compile(route);
        const valid = compiled.apply(this, args);
        // Fastify reads a failed check's reasons from the function it called.
        validate.errors = compiled.errors;
        return valid;
      } as Validate;
      // Fastify lets an Ajv validator (one with a schemaEnv) coerce the request part in place.
      (validate as { schemaEnv?: unknown }).schemaEnv = true;
      return validate;
    };
  };
}
