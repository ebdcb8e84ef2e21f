import Long from 'long';
import { Enum, Root, Type, util, type Field, type INamespace } from 'protobufjs';
import type { ResultKind } from './frame-codec';
import descriptor from './generated/tangle.json';
import { methodCase, type MethodName } from './method-table';

/**
 * The protobuf JSON mapping (https://protobuf.dev/programming-guides/json/) of the client
 * protocol's messages, strict where the spec lets a parser be lenient: the HTTP transport reads
 * request bodies with `fromProtoJson` and writes answers with `toProtoJson`. The reflection comes
 * from the JSON descriptor generated beside the static module (scripts/generate-proto.js), so
 * both follow the same .proto files.
 */

/** A body that does not follow a message's JSON mapping; `path` names the field (`confirm.code`). */
export class ProtoJsonError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'ProtoJsonError';
  }
}

const root = Root.fromJSON(descriptor as INamespace).resolveAll();

/** A message type of the client protocol by full name (`tangle.client.auth.SignUp`). */
export function protocolType(fullName: string): Type {
  return root.lookupType(fullName);
}

/** The property name the static module uses for a field: the JSON name (lowerCamelCase). */
export function jsonName(field: Field): string {
  return util.camelCase(field.name);
}

const INT32 = new Set(['int32', 'sint32', 'sfixed32']);
const UINT32 = new Set(['uint32', 'fixed32']);
const SIGNED64 = new Set(['int64', 'sint64', 'sfixed64']);
const UNSIGNED64 = new Set(['uint64', 'fixed64']);
const MIN_I64 = -(1n << 63n);
const MAX_I64 = (1n << 63n) - 1n;
const MAX_U64 = (1n << 64n) - 1n;
const INTEGER = /^-?(0|[1-9][0-9]*)$/;
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** Whether a field is part of a real oneof (not the synthetic one of a proto3 `optional`). */
function realOneof(field: Field): boolean {
  return field.partOf !== null && !field.options?.proto3_optional;
}

/** Whether the field tracks presence: absent and default are told apart. */
function hasPresence(field: Field): boolean {
  return (
    field.partOf !== null || (!field.repeated && !field.map && field.resolvedType instanceof Type)
  );
}

const fieldsByName = new WeakMap<Type, Map<string, Field>>();

/** A type's fields by JSON name and by proto name. */
function fieldLookup(type: Type): Map<string, Field> {
  let map = fieldsByName.get(type);
  if (!map) {
    map = new Map();
    for (const field of type.fieldsArray) {
      map.set(field.name, field);
      map.set(jsonName(field), field);
    }
    fieldsByName.set(type, map);
  }
  return map;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/**
 * Reads a message from its JSON form into the properties object the static module encodes and
 * the application reads (lowerCamelCase keys, `Long` for 64-bit integers, enum numbers, Buffers
 * for bytes). Accepts the JSON names and the proto field names, 64-bit integers as decimal
 * strings (or numbers), enums by name (or number), `null` as absent. Refuses unknown fields, two
 * spellings of one field, two members of one oneof and values of the wrong type, with a
 * ProtoJsonError naming the field.
 */
export function fromProtoJson(type: Type, json: unknown, path = ''): Record<string, unknown> {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new ProtoJsonError(
      path,
      `${path || 'the body'} must be a JSON object (${type.name}), not ${describeJson(json)}`,
    );
  }
  const lookup = fieldLookup(type);
  const out: Record<string, unknown> = {};
  const oneofs = new Map<string, string>();
  for (const [key, value] of Object.entries(json)) {
    const field = lookup.get(key);
    const at = join(path, key);
    if (!field) throw new ProtoJsonError(at, `unknown field "${at}" in ${type.name}`);
    const name = jsonName(field);
    if (name in out) throw new ProtoJsonError(at, `field "${at}" is given twice`);
    if (value === null) continue;
    if (realOneof(field)) {
      const oneof = field.partOf!.name;
      const other = oneofs.get(oneof);
      if (other !== undefined) {
        throw new ProtoJsonError(
          at,
          `"${at}" and "${join(path, other)}" are one of ${oneof}: give one`,
        );
      }
      oneofs.set(oneof, name);
    }
    out[name] = readField(field, value, at);
  }
  return out;
}

function readField(field: Field, value: unknown, at: string): unknown {
  if (field.map) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new ProtoJsonError(at, `${at} must be an object, not ${describeJson(value)}`);
    }
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = readValue(field, item, `${at}.${key}`);
    }
    return out;
  }
  if (field.repeated) {
    if (!Array.isArray(value)) {
      throw new ProtoJsonError(at, `${at} must be an array, not ${describeJson(value)}`);
    }
    return value.map((item, i) => readValue(field, item, `${at}[${i}]`));
  }
  return readValue(field, value, at);
}

function readValue(field: Field, value: unknown, at: string): unknown {
  const resolved = field.resolvedType;
  if (resolved instanceof Type) return fromProtoJson(resolved, value, at);
  if (resolved instanceof Enum) return readEnum(resolved, value, at);
  const kind = field.type;
  if (kind === 'string') {
    if (typeof value !== 'string') throw wrongType(at, 'a string', value);
    return value;
  }
  if (kind === 'bool') {
    if (typeof value !== 'boolean') throw wrongType(at, 'true or false', value);
    return value;
  }
  if (INT32.has(kind)) return Number(readInteger(value, at, -(2n ** 31n), 2n ** 31n - 1n));
  if (UINT32.has(kind)) return Number(readInteger(value, at, 0n, 2n ** 32n - 1n));
  if (SIGNED64.has(kind)) return longOf(readInteger(value, at, MIN_I64, MAX_I64), false);
  if (UNSIGNED64.has(kind)) return longOf(readInteger(value, at, 0n, MAX_U64), true);
  if (kind === 'double' || kind === 'float') return readFloat(value, at);
  if (kind === 'bytes') {
    if (typeof value !== 'string' || !BASE64.test(value)) throw wrongType(at, 'base64', value);
    return Buffer.from(value, 'base64');
  }
  throw new ProtoJsonError(at, `${at}: unsupported field type ${kind}`);
}

function wrongType(at: string, wanted: string, value: unknown): ProtoJsonError {
  return new ProtoJsonError(at, `${at} must be ${wanted}, not ${describeJson(value)}`);
}

function readInteger(value: unknown, at: string, min: bigint, max: bigint): bigint {
  let parsed: bigint;
  if (typeof value === 'number' && Number.isSafeInteger(value)) parsed = BigInt(value);
  else if (typeof value === 'string' && INTEGER.test(value)) parsed = BigInt(value);
  else throw wrongType(at, 'an integer (a decimal string for 64 bits)', value);
  if (parsed < min || parsed > max) {
    throw new ProtoJsonError(at, `${at} must be between ${min} and ${max}`);
  }
  return parsed;
}

function longOf(value: bigint, unsigned: boolean): Long {
  return Long.fromString(value.toString(), unsigned, 10);
}

function readFloat(value: unknown, at: string): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return Number(value);
  }
  throw wrongType(at, 'a number', value);
}

function readEnum(type: Enum, value: unknown, at: string): number {
  if (typeof value === 'string' && Object.hasOwn(type.values, value)) return type.values[value];
  if (typeof value === 'number' && Number.isInteger(value) && value in type.valuesById)
    return value;
  throw new ProtoJsonError(
    at,
    `${at} must be one of ${Object.keys(type.values).join(', ')}, not ${JSON.stringify(value) ?? describeJson(value)}`,
  );
}

/**
 * Writes a message (a static-module instance or properties object) in its JSON form: JSON
 * names, 64-bit integers as decimal strings, enums by name, bytes in base64. Fields without
 * presence are written with their default when unset (clients see every field the schema lists);
 * unset optional fields, oneof members and messages are left out.
 */
export function toProtoJson(type: Type, value: object): Record<string, unknown> {
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of type.fieldsArray) {
    const name = jsonName(field);
    const item = source[name];
    if (item === undefined || item === null) {
      if (!hasPresence(field)) out[name] = defaultJson(field);
      continue;
    }
    if (field.map) {
      const map: Record<string, unknown> = {};
      for (const [key, entry] of Object.entries(item as object))
        map[key] = writeValue(field, entry);
      out[name] = map;
    } else if (field.repeated) {
      out[name] = (item as unknown[]).map((entry) => writeValue(field, entry));
    } else {
      out[name] = writeValue(field, item);
    }
  }
  return out;
}

function defaultJson(field: Field): unknown {
  if (field.map) return {};
  if (field.repeated) return [];
  if (field.resolvedType instanceof Enum) return enumName(field.resolvedType, 0);
  const kind = field.type;
  if (kind === 'string' || kind === 'bytes') return '';
  if (kind === 'bool') return false;
  if (SIGNED64.has(kind) || UNSIGNED64.has(kind)) return '0';
  return 0;
}

function writeValue(field: Field, value: unknown): unknown {
  const resolved = field.resolvedType;
  if (resolved instanceof Type) return toProtoJson(resolved, value as object);
  if (resolved instanceof Enum) return enumName(resolved, value as number);
  const kind = field.type;
  if (SIGNED64.has(kind) || UNSIGNED64.has(kind)) return int64Json(value, UNSIGNED64.has(kind));
  if (kind === 'bytes') return Buffer.from(value as Uint8Array).toString('base64');
  if ((kind === 'double' || kind === 'float') && !Number.isFinite(value)) return String(value);
  return value;
}

function int64Json(value: unknown, unsigned: boolean): string {
  if (Long.isLong(value)) {
    const long = value as Long;
    return Long.fromBits(long.low, long.high, unsigned).toString(10);
  }
  return String(value);
}

function enumName(type: Enum, value: number): string | number {
  return type.valuesById[value] ?? value;
}

const clientMessage = root.lookupType('tangle.client.core.ClientMessage');
const rpcResult = root.lookupType('tangle.client.core.RPCResult');

/** The field of `message` whose JSON name is `name`. */
function fieldByJsonName(message: Type, name: string): Field {
  const field = fieldLookup(message).get(name);
  if (!field || !(field.resolvedType instanceof Type)) {
    throw new TypeError(`${message.name} has no message field ${name}`);
  }
  return field;
}

/** The request message of a method (`auth.signUp` → `tangle.client.auth.SignUp`). */
export function methodRequestType(method: MethodName): Type {
  const which = methodCase(method);
  if (!which) throw new TypeError(`not a method: ${method}`);
  return fieldByJsonName(clientMessage, which).resolvedType as Type;
}

/** The answer message of an RPCResult case (`authorization` → `tangle.client.auth.Authorization`). */
export function resultType(kind: ResultKind): Type {
  return fieldByJsonName(rpcResult, kind).resolvedType as Type;
}
