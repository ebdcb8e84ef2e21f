export * from './generated';
export * from './long';
export * from './frame-codec';
export * from './method-table';
export * from './proto-json';
export * from './proto-json-schema';
export { forEachTopLevelField, salvageUint32, type TopLevelField } from './wire-scan';
