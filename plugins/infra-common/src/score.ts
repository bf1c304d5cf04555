/**
 * Score's substitution grammar, as the reference implementation (score-go,
 * `framework/substitution.go`) reads it: `${ref}` is a placeholder, `$$`
 * is one `$`, and `$${ref}` is the literal text `${ref}`. A ref is
 * dot-separated (`resources.db.host`, `metadata.annotations.team`); `\.`
 * is a dot inside one part (`metadata.annotations.pave\.dev/owner`).
 *
 * Pave reads placeholders in container `variables`, `command`, `args`,
 * `files.*.content`, `volumes.*.source` and a route's `params.host`.
 */

/** One piece of a string as written in a Score file. */
export type ScoreSegment =
  | { kind: 'text'; text: string }
  | { kind: 'placeholder'; raw: string; parts: string[] };

/** A string split into literal text and placeholders, or why it cannot be. */
export type ScoreTemplate =
  | { ok: true; segments: ScoreSegment[] }
  | { ok: false; error: string };

/** score-go's `placeholderRegEx`: `${…}`, `$${…}` and `$$`. */
const PLACEHOLDER = /\$(?:(\$?)\{([^}]*)\}|\$)/g;

/** Terraform's template sequences, refused anywhere outside a placeholder. */
const TEMPLATE_SEQUENCE = /[$%]\{/;

/**
 * Splits a ref into its parts: `a.b\.c` → `['a', 'b.c']`.
 *
 * @public
 */
export function splitScoreRef(ref: string): string[] {
  const parts = [''];
  for (let i = 0; i < ref.length; i++) {
    if (ref[i] === '\\' && ref[i + 1] === '.') {
      parts[parts.length - 1] += '.';
      i++;
    } else if (ref[i] === '.') {
      parts.push('');
    } else {
      parts[parts.length - 1] += ref[i];
    }
  }
  return parts;
}

function checkRef(raw: string, parts: string[]): string | undefined {
  const [root] = parts;
  if (parts.some(part => part === '')) {
    return `${raw} is not a valid Score placeholder: empty part`;
  }
  if (root === 'metadata') {
    return parts.length < 2
      ? `${raw} needs a metadata key, e.g. \${metadata.name}`
      : undefined;
  }
  if (root === 'resources') {
    return parts.length < 2
      ? `${raw} needs a resource name, e.g. \${resources.db.host}`
      : undefined;
  }
  return `${raw} is not a Score placeholder: it must start with metadata. or resources. (write $\${ to mean a literal \${)`;
}

/**
 * Parses one string. Literal text may not contain `${` or `%{` (what is
 * left of an unterminated placeholder, or a Terraform directive): they are
 * refused, so no placeholder grammar other than Score's ever reaches a
 * renderer.
 *
 * @public
 */
export function parseScoreTemplate(value: string): ScoreTemplate {
  const segments: ScoreSegment[] = [];
  let text = '';
  let last = 0;
  const literal = (chunk: string): string | undefined => {
    if (TEMPLATE_SEQUENCE.test(chunk)) {
      return 'must not contain Terraform interpolation or directives ("${" or "%{") outside a Score placeholder such as ${resources.db.host} (write $${ for a literal ${)';
    }
    text += chunk;
    return undefined;
  };
  for (const match of value.matchAll(PLACEHOLDER)) {
    const error = literal(value.slice(last, match.index));
    if (error) {
      return { ok: false, error };
    }
    last = match.index + match[0].length;
    if (match[2] === undefined) {
      text += '$'; // `$$`
    } else if (match[1] === '$') {
      text += match[0].slice(1); // `$${ref}` is the text `${ref}`
    } else {
      const parts = splitScoreRef(match[2]);
      const refError = checkRef(match[0], parts);
      if (refError) {
        return { ok: false, error: refError };
      }
      if (text) {
        segments.push({ kind: 'text', text });
        text = '';
      }
      segments.push({ kind: 'placeholder', raw: match[0], parts });
    }
  }
  const error = literal(value.slice(last));
  if (error) {
    return { ok: false, error };
  }
  if (text) {
    segments.push({ kind: 'text', text });
  }
  return { ok: true, segments };
}

/**
 * The placeholders of a parsed template.
 *
 * @public
 */
export function placeholdersOf(
  segments: ScoreSegment[],
): Extract<ScoreSegment, { kind: 'placeholder' }>[] {
  return segments.filter(
    (s): s is Extract<ScoreSegment, { kind: 'placeholder' }> =>
      s.kind === 'placeholder',
  );
}
