// What the loader produces: files as read, the objects found in them, and input problems.

import type { Path, Region } from '../yaml/types.js';

/** One input file, as read. */
export interface SourceFile {
  /** Path as shown to the user: relative to the working directory, with forward slashes. */
  path: string;
  /** The file's text (BOM removed). */
  text: string;
  /** Whether findings in this file are reported (false for --context files). */
  reported: boolean;
  /** Cluster name for --cluster trees; undefined for the default cluster. */
  cluster?: string;
  /** Read from standard input (`-`): `path` is the name given with --stdin-filename, or `<stdin>`. */
  stdin?: true;
}

/** A Kubernetes object found in a file, with where it came from. */
export interface Resource {
  file: SourceFile;
  /** 0-based index of the YAML document within the file. */
  docIndex: number;
  /** Path of this object inside its document: [] for a plain document, ['items', i] in a kind: List. */
  base: Path;
  apiVersion: string;
  /** API group: '' for the core group. */
  group: string;
  kind: string;
  name: string;
  /** Namespace, '' for cluster-scoped kinds; 'default' when a namespaced object names none. */
  namespace: string;
  /** The object as Kubernetes reads it (YAML 1.1 scalars). */
  obj: any;
  /** `Kind ns/name` or `Kind name`. */
  ref: string;
  /** Set when the object is the output of kustomize or helm; `file` is then its source. */
  rendered?: RenderedFrom;
  /**
   * Set when the object is Emissary configuration inside a `getambassador.io/config` annotation
   * of another object (`file`, `docIndex` and `base` are then that object's).
   */
  embedded?: EmbeddedIn;
}

/** Where an object read from an annotation sits. */
export interface EmbeddedIn {
  /** The Service (or Ingress) that carries the annotation. */
  host: Resource;
  /** The annotation's path inside `host`. */
  path: Path;
  /** The annotation's text, a YAML stream. */
  text: string;
  /** The document of that stream that holds the object. */
  docIndex: number;
  /** The object as written there (flat: name and spec fields side by side). */
  flat: unknown;
}

/** Where a rendered object came from. */
export interface RenderedFrom {
  /** The kustomization or Chart.yaml that rendered it. */
  by: SourceFile;
  /** The key to point at in `by`. */
  byPath: Path;
  /** The object's name in its source (before name prefixes and suffixes). */
  originName: string;
  /** Whether `file`/`docIndex`/`base` are the object's own document (else the kustomization or chart). */
  exact: boolean;
  /** Whether `file` is a Helm template (not YAML: fields are found by their keys in order). */
  template?: boolean;
  /** The patches that apply to it. */
  patches: PatchTouch[];
}

/** A patch that a kustomization applies to a rendered object. */
export interface PatchTouch {
  file: SourceFile;
  docIndex: number;
  /** Where the patch (or the JSON patch operation's `path`) is written in `file`. */
  base: Path;
  /** A strategic-merge patch's document. */
  obj?: unknown;
  /** A JSON patch operation's target path. */
  opPath?: Path;
  /** Written inline in the kustomization. */
  inline: boolean;
}

/** A problem found while reading input, before any rule ran. */
export interface InputProblem {
  /** The rule that reports it (the suppression rules report problems found after the rules ran). */
  rule: 'yaml-syntax' | 'manifest-shape' | 'render-skipped' | 'render-failed' | 'suppression-unused' | 'suppression-reason';
  message: string;
  file: SourceFile;
  /** Either a resolved region (syntax errors), or a resource-relative path. */
  region?: Region;
  docIndex?: number;
  /** Path from the document root. */
  path?: Path;
  /** Kind ns/name when known. */
  ref?: string;
}
