import { Enum, Type, type Field } from 'protobufjs';
import { jsonName } from './proto-json';

/** The subset of an OpenAPI 3 / JSON Schema object that the derivation writes. */
export interface JsonSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  enum?: Array<string | boolean>;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema;
  required?: string[];
  description?: string;
  title?: string;
  $ref?: string;
}

/** The component name of a message type: its full name without the leading dot. */
export function schemaName(type: Type): string {
  return type.fullName.replace(/^\./, '');
}

/**
 * JSON schemas of messages in their protobuf JSON form (what `toProtoJson` writes and
 * `fromProtoJson` reads), one per message type reachable from `types`, by `schemaName`; nested
 * messages are `$ref`s under `refPrefix` (OpenAPI's `#/components/schemas/`). Fields are listed by
 * their JSON names; `required` lists the fields an answer always carries (those without
 * presence), which a request may still leave out.
 */
export function protoJsonSchemas(
  types: readonly Type[],
  refPrefix = '#/components/schemas/',
): Record<string, JsonSchema> {
  const schemas: Record<string, JsonSchema> = {};
  const pending = [...types];
  while (pending.length > 0) {
    const type = pending.pop()!;
    const name = schemaName(type);
    if (schemas[name]) continue;
    schemas[name] = messageSchema(type, refPrefix, (nested) => pending.push(nested));
  }
  return schemas;
}

function messageSchema(type: Type, refPrefix: string, visit: (type: Type) => void): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const field of type.fieldsArray) {
    const name = jsonName(field);
    const schema = fieldSchema(field, refPrefix, visit);
    const notes: string[] = [];
    if (field.name !== name) notes.push(`also accepted as "${field.name}"`);
    const oneof = field.partOf;
    if (oneof && !field.options?.proto3_optional) {
      const others = oneof.fieldsArray.filter((f) => f !== field).map(jsonName);
      notes.push(`oneof ${oneof.name}: not with ${others.join(', ')}`);
    }
    if (notes.length > 0) {
      schema.description = [schema.description, ...notes].filter(Boolean).join('; ');
    }
    properties[name] = schema;
    const presence =
      field.partOf !== null ||
      (!field.repeated && !field.map && field.resolvedType instanceof Type);
    if (!presence) required.push(name);
  }
  const schema: JsonSchema = { type: 'object', title: type.name, properties };
  if (required.length > 0) schema.required = required;
  return schema;
}

function fieldSchema(field: Field, refPrefix: string, visit: (type: Type) => void): JsonSchema {
  const value = valueSchema(field, refPrefix, visit);
  if (field.map) return { type: 'object', additionalProperties: value };
  if (field.repeated) return { type: 'array', items: value };
  return value;
}

function valueSchema(field: Field, refPrefix: string, visit: (type: Type) => void): JsonSchema {
  const resolved = field.resolvedType;
  if (resolved instanceof Type) {
    visit(resolved);
    return { $ref: `${refPrefix}${schemaName(resolved)}` };
  }
  if (resolved instanceof Enum) return { type: 'string', enum: Object.keys(resolved.values) };
  switch (field.type) {
    case 'string':
      return { type: 'string' };
    case 'bool':
      return { type: 'boolean' };
    case 'bytes':
      return { type: 'string', format: 'byte' };
    case 'double':
    case 'float':
      return { type: 'number', format: field.type };
    case 'int32':
    case 'sint32':
    case 'sfixed32':
      return { type: 'integer', format: 'int32' };
    case 'uint32':
    case 'fixed32':
      return { type: 'integer', format: 'int64', minimum: 0, maximum: 0xffffffff };
    case 'uint64':
    case 'fixed64':
      return {
        type: 'string',
        format: 'uint64',
        pattern: '^(0|[1-9][0-9]{0,19})$',
        description: 'unsigned 64-bit integer as a decimal string',
      };
    default:
      return {
        type: 'string',
        format: 'int64',
        pattern: '^-?(0|[1-9][0-9]{0,18})$',
        description: '64-bit integer as a decimal string',
      };
  }
}
