// The rule registry: one line per rule, sorted by id.
export { default as manifestShape } from './manifest-shape.js';
export { default as mappingPrefix } from './mapping-prefix.js';
export { default as yamlSyntax } from './yaml-syntax.js';
