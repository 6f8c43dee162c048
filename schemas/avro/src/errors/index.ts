export { AvroDecodeError, type AvroDecodeFailure } from './avro-decode-error.ts';
export { AvroEncodeError, type AvroFieldProblem } from './avro-encode-error.ts';
export { ContractError } from './contract-error.ts';
export { UnknownSchemaError } from './unknown-schema-error.ts';
