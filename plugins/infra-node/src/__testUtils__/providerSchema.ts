import fs from 'fs';
import path from 'path';
import zlib from 'zlib';

// Checks synthesized Terraform JSON against the prebuilt cdktf providers'
// schemas, as `terraform validate` would, without Terraform or its plugins.
// Which attributes exist, whether required, their types and nested blocks
// come from each package's jsii assembly; attribute names from the generated
// JavaScript cdktf runs to synthesize (`synthesizeAttributes()`, the
// `<struct>ToTerraform` functions), because snake_casing property names is
// wrong for renamed ones (`fetchPasswordData` is `get_password_data`,
// `selfAttribute` is `self`, `addressLine1` is `address_line_1`).

/** The type of one value; lists and maps say their element type. */
export interface ValueSchema {
  kind: 'string' | 'number' | 'boolean' | 'any' | 'list' | 'map' | 'block';
  /** The type of a list's elements or a map's values. */
  element?: ValueSchema;
  /** A block's attributes; a block may be given once or as a list. */
  block?: BlockSchema;
}

/** One attribute of a resource, data source, provider or block. */
export interface AttributeSchema extends ValueSchema {
  required: boolean;
}

/** A resource's, data source's, provider's or block's attributes by name. */
export type BlockSchema = Map<string, AttributeSchema>;

/** What a cdktf class stands for in Terraform. */
export type Role = 'resource' | 'data source' | 'provider';

// The slice of the jsii assembly format read here.
type TypeRef =
  | { primitive: string }
  | { fqn: string }
  | { collection: { kind: 'array' | 'map'; elementtype: TypeRef } }
  | { union: { types: TypeRef[] } };
type Property = { name: string; optional?: boolean; type: TypeRef };
type Struct = { file: string; name: string; properties: Property[] };
interface JsiiType {
  kind: string;
  name: string;
  base?: string;
  datatype?: boolean;
  docs?: { summary?: string };
  locationInModule?: { filename: string };
  initializer?: { parameters?: { name: string; type: TypeRef }[] };
  properties?: Property[];
}

const ROLES: Record<string, Role> = {
  'cdktf.TerraformResource': 'resource',
  'cdktf.TerraformDataSource': 'data source',
  'cdktf.TerraformProvider': 'provider',
};

/** Terraform's provider name (the resource type prefix) to its package. */
const PACKAGES: Record<string, string> = {
  aws: '@cdktf/provider-aws',
  google: '@cdktf/provider-google',
  azurerm: '@cdktf/provider-azurerm',
};

// Terraform meta-arguments: cdktf config properties (camelCase) and the keys
// they synthesize to, neither of which the provider schema defines.
const words = (s: string) => new Set(s.split(' '));
const META_PROPS = words(
  'connection count dependsOn forEach lifecycle provider provisioners',
);
const META_KEYS = words(
  '// connection count depends_on for_each lifecycle provider provisioner',
);

function readAssembly(dir: string): { types: Record<string, JsiiType> } {
  // latin1 decodes about twice as fast as utf8; only docs contain non-ASCII
  // text and they are dropped, and UTF-8 bytes never look like JSON syntax.
  let assembly = JSON.parse(fs.readFileSync(path.join(dir, '.jsii'), 'latin1'));
  if (assembly.schema === 'jsii/file-redirect') {
    const raw = fs.readFileSync(path.join(dir, assembly.filename));
    const data = assembly.compression === 'gzip' ? zlib.gunzipSync(raw) : raw;
    assembly = JSON.parse(data.toString('latin1'));
  }
  return assembly;
}

/** The lines of the object literal in the first `return {` after `from`. */
function returnedObject(src: string, from: number): string[] {
  const start = src.indexOf('return {', from);
  if (src.startsWith('return {}', start)) return [];
  const indent = src.slice(src.lastIndexOf('\n', start) + 1, start);
  const end = src.indexOf(`\n${indent}};`, start);
  return src.slice(start + 'return {\n'.length, end).split('\n');
}

/** `allocated_storage: cdktf.numberToTerraform(this._allocatedStorage),` */
function namePairs(lines: string[], source: RegExp, file: string) {
  const names = new Map<string, string>();
  for (const line of lines) {
    const key = /^\s+(\w+): (.*)$/.exec(line);
    const from = key && source.exec(key[2]);
    if (!key || !from) throw new Error(`${file}: cannot read "${line.trim()}"`);
    names.set(from[1], key[1]);
  }
  return names;
}

// Property to attribute names in one generated JavaScript file: the class's
// config (from `synthesizeAttributes()`) and each `<struct>ToTerraform`.
interface ModuleNames {
  config?: Map<string, string>;
  structs: Map<string, Map<string, string>>;
  tfType?: string;
}

function readModuleNames(src: string, file: string): ModuleNames {
  const names: ModuleNames = { structs: new Map() };
  const fn = /^function (\w+)ToTerraform\(struct\) \{$/gm;
  for (let m = fn.exec(src); m; m = fn.exec(src)) {
    const lines = returnedObject(src, m.index);
    names.structs.set(m[1], namePairs(lines, /\bstruct\.(\w+)/, file));
  }
  const synth = src.indexOf('\n    synthesizeAttributes() {\n');
  if (synth >= 0) {
    // synthesizeAttributes() reads private fields, which may be named unlike
    // the property (`this._getPasswordData = config.fetchPasswordData`).
    const fields = new Map<string, string>();
    const assign = /^\s+this\._(\w+)(?:\.internalValue)? = config\.(\w+);$/gm;
    for (let m = assign.exec(src); m; m = assign.exec(src)) {
      fields.set(m[1], m[2]);
    }
    const lines = returnedObject(src, synth);
    const byField = namePairs(lines, /\bthis\._(\w+)/, file);
    names.config = new Map(
      [...byField].map(([field, key]) => [fields.get(field) ?? field, key]),
    );
  }
  names.tfType = /^\w+\.tfResourceType = "(\w+)";$/m.exec(src)?.[1];
  return names;
}

/** One prebuilt provider package's schemas, built lazily and cached. */
class ProviderPackage {
  /** `resource:aws_db_instance` and the like to the class's config struct. */
  private readonly classes = new Map<string, string>();
  private readonly configs = new Set<string>();
  private readonly structs = new Map<string, Struct>();
  private readonly schemas = new Map<string, BlockSchema>();
  private readonly modules = new Map<string, ModuleNames>();
  /** How long reading and indexing the jsii assembly took. */
  readonly loadMs: number;

  constructor(private readonly dir: string) {
    const started = Date.now();
    for (const [fqn, t] of Object.entries(readAssembly(dir).types)) {
      const file = t.locationInModule?.filename ?? '';
      if (t.kind === 'interface' && t.datatype) {
        // Keep only what validation needs so the assembly can be freed.
        const properties = (t.properties ?? []).map(
          ({ name: n, optional, type }) => ({ name: n, optional, type }),
        );
        this.structs.set(fqn, { file, name: t.name, properties });
      }
      const role = t.kind === 'class' ? ROLES[t.base ?? ''] : undefined;
      // "Represents a {@link https://registry.../db_instance aws_db_instance}."
      const tfType = /\{@link \S+ (\w+)\}/.exec(t.docs?.summary ?? '')?.[1];
      const config = t.initializer?.parameters?.find(p => p.name === 'config');
      if (role && tfType && config && 'fqn' in config.type) {
        this.classes.set(`${role}:${tfType}`, config.type.fqn);
        this.configs.add(config.type.fqn);
      }
    }
    this.loadMs = Date.now() - started;
  }

  schema(role: Role, tfType: string): BlockSchema | undefined {
    const config = this.classes.get(`${role}:${tfType}`);
    if (!config) return undefined;
    // The type was read from docs; the generated class must agree.
    const actual = this.names(this.structs.get(config)!.file).tfType;
    if (actual !== tfType) throw new Error(`${tfType}: class says ${actual}`);
    return this.block(config);
  }

  private names(file: string): ModuleNames {
    let names = this.modules.get(file);
    if (!names) {
      const js = file.replace(/^src\//, 'lib/').replace(/\.ts$/, '.js');
      const src = fs.readFileSync(path.join(this.dir, js), 'utf8');
      names = readModuleNames(src, file);
      this.modules.set(file, names);
    }
    return names;
  }

  private block(fqn: string): BlockSchema {
    const cached = this.schemas.get(fqn);
    if (cached) return cached;
    const schema: BlockSchema = new Map();
    this.schemas.set(fqn, schema); // before recursing, in case structs nest
    const { file, name, properties } = this.structs.get(fqn)!;
    const mod = this.names(file);
    const fn = name[0].toLowerCase() + name.slice(1);
    const names = this.configs.has(fqn) ? mod.config : mod.structs.get(fn);
    if (!names) throw new Error(`no attribute names for ${fqn} in ${file}`);
    for (const prop of properties) {
      const tfName = names.get(prop.name);
      if (!tfName && META_PROPS.has(prop.name)) continue;
      if (!tfName) throw new Error(`no attribute for ${fqn}.${prop.name}`);
      const value = this.value(prop.type);
      schema.set(tfName, { required: !prop.optional, ...value });
    }
    return schema;
  }

  private value(ref: TypeRef): ValueSchema {
    if ('primitive' in ref) {
      const { primitive: p } = ref;
      const known = p === 'string' || p === 'number' || p === 'boolean';
      return { kind: known ? p : 'any' };
    }
    if ('union' in ref) {
      // `boolean | IResolvable`: the token alternative is an expression.
      const real = ref.union.types.filter(
        t => !('fqn' in t && t.fqn === 'cdktf.IResolvable'),
      );
      return real.length === 1 ? this.value(real[0]) : { kind: 'any' };
    }
    if ('collection' in ref) {
      const { kind, elementtype } = ref.collection;
      const element = this.value(elementtype);
      // A list of structs is a repeatable block, written like a single one.
      if (kind === 'array' && element.kind === 'block') return element;
      return { kind: kind === 'array' ? 'list' : 'map', element };
    }
    if (!this.structs.has(ref.fqn)) return { kind: 'any' };
    return { kind: 'block', block: this.block(ref.fqn) };
  }
}

const loaded = new Map<string, ProviderPackage | undefined>();

function providerPackage(provider: string): ProviderPackage | undefined {
  if (!loaded.has(provider)) {
    const name = PACKAGES[provider];
    const dir = name && path.dirname(require.resolve(`${name}/package.json`));
    loaded.set(provider, dir ? new ProviderPackage(dir) : undefined);
  }
  return loaded.get(provider);
}

/**
 * The schema of a resource type (`aws_db_instance`), data source type or
 * provider (`aws`), loading that provider's package on first use;
 * `undefined` when no prebuilt provider defines it.
 */
export function schemaFor(role: Role, tfType: string) {
  return providerPackage(tfType.split('_')[0])?.schema(role, tfType);
}

/**
 * Loads a provider's schemas (`aws`, `google`, `azurerm`) unless loaded,
 * and says how long loading took in milliseconds.
 */
export function providerLoadMs(provider: string): number | undefined {
  return providerPackage(provider)?.loadMs;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const entriesOf = (v: unknown) => Object.entries(isObject(v) ? v : {});
function shown(value: unknown): string {
  if (Array.isArray(value)) return 'list';
  if (isObject(value)) return 'object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** Collects the problems found while walking one configuration. */
class Checker {
  readonly problems: string[] = [];

  value(schema: ValueSchema, value: unknown, where: string, attr: string) {
    const { kind, element, block } = schema;
    // null leaves an attribute unset; an expression can stand for any type.
    if (value === null || value === undefined || kind === 'any') return;
    if (typeof value === 'string' && value.includes('${')) return;
    const fits =
      { list: Array.isArray(value), map: isObject(value) }[kind as string] ??
      (kind === 'block' ? typeof value === 'object' : typeof value === kind);
    if (!fits) {
      const got = shown(value);
      this.problems.push(
        `${where}: attribute "${attr}" must be ${kind}, got ${got}`,
      );
    } else if (kind === 'list' || kind === 'map') {
      for (const [k, v] of Object.entries(value as object)) {
        const at = kind === 'list' ? `${attr}[${k}]` : `${attr}.${k}`;
        this.value(element!, v, where, at);
      }
    } else if (kind === 'block') {
      // A block is written once (an object) or repeated (a list of objects).
      const items: unknown[] = Array.isArray(value) ? value : [value];
      items.forEach((item, i) => {
        const at = `${where}.${attr}${Array.isArray(value) ? `[${i}]` : ''}`;
        if (isObject(item)) this.block(block!, item, at, false);
        else this.problems.push(`${at}: must be a block, got ${shown(item)}`);
      });
    }
  }

  block(schema: BlockSchema, body: unknown, where: string, topLevel: boolean) {
    if (!isObject(body)) {
      this.problems.push(`${where}: must be an object, got ${shown(body)}`);
      return;
    }
    // `dynamic.ingress = { for_each, content }` generates `ingress` blocks.
    const dynamic = isObject(body.dynamic) ? body.dynamic : {};
    for (const [key, value] of Object.entries(body)) {
      if (key === 'dynamic' || (topLevel && META_KEYS.has(key))) continue;
      const attr = schema.get(key);
      if (attr) this.value(attr, value, where, key);
      else this.problems.push(`${where}: unknown attribute "${key}"`);
    }
    for (const [key, spec] of Object.entries(dynamic)) {
      const attr = schema.get(key);
      if (attr?.kind !== 'block') {
        this.problems.push(`${where}: unknown dynamic block "${key}"`);
      } else if (isObject(spec)) this.value(attr, spec.content, where, key);
    }
    for (const [key, attr] of schema) {
      const unset = body[key] === undefined || body[key] === null;
      if (attr.required && unset && !(key in dynamic)) {
        this.problems.push(`${where}: missing required attribute "${key}"`);
      }
    }
  }
}

/**
 * Checks synthesized Terraform JSON (`resource`, `data` and `provider`
 * blocks) against the provider schemas: unknown resource types, unknown
 * attributes, missing required attributes and wrongly typed values, in
 * nested blocks too. Returns one human-readable line per problem, such as
 * `aws_db_instance.db: unknown attribute "storage_encrypt"`; none if valid.
 */
export function validateAgainstProviderSchema(
  terraform: Record<string, unknown>,
): string[] {
  const check = new Checker();
  const sections = [
    { role: 'resource', prefix: '', blocks: terraform.resource },
    { role: 'data source', prefix: 'data.', blocks: terraform.data },
  ] as const;
  for (const { role, prefix, blocks } of sections) {
    for (const [tfType, instances] of entriesOf(blocks)) {
      const schema = schemaFor(role, tfType);
      for (const [name, body] of entriesOf(instances)) {
        const where = `${prefix}${tfType}.${name}`;
        if (schema) check.block(schema, body, where, true);
        else check.problems.push(`${where}: unknown ${role} type "${tfType}"`);
      }
    }
  }
  for (const [name, configs] of entriesOf(terraform.provider)) {
    const schema = schemaFor('provider', name);
    const list: unknown[] = Array.isArray(configs) ? configs : [configs];
    list.forEach((config, i) => {
      const where = `provider.${name}[${i}]`;
      if (schema) check.block(schema, config, where, false);
      else check.problems.push(`${where}: unknown provider "${name}"`);
    });
  }
  return check.problems;
}
