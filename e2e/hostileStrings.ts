/**
 * Hostile strings every Pave input meets in the fuzz tests. `refused` must
 * be answered 4xx naming the field wherever free text is read (Pave's one
 * free-text rule, `freeTextProblem` in @pave/common); `accepted` are awkward
 * but legitimate text: a route either refuses them by its own field rule,
 * naming the field, or stores and echoes them back exactly.
 */
export const ESCAPE_SENTINEL = '/tmp/pave-fuzz-escaped';

export const hostileStrings: {
  refused: ReadonlyArray<readonly [string, string, string?]>;
  accepted: ReadonlyArray<readonly [string, string]>;
} = {
  refused: [
    ['NUL', 'nul\u0000byte'],
    ['escape sequence', 'esc\u001b[31mred'],
    ['bell', 'bell\u0007'],
    ['DEL', 'del\u007f'],
    ['C1 control (NEL)', 'next\u0085line'],
    ['lone surrogate', 'lone\ud800surrogate'],
    // Text in a JSON body may span lines, unless its field says otherwise.
    ['newline on one line', 'line\nkind: Secret', 'may be text in a body'],
    ['very long', 'x'.repeat(5000)],
  ],
  accepted: [
    ['empty', ''],
    ['path traversal', `../../../../../..${ESCAPE_SENTINEL}`],
    ['encoded traversal', '..%2f..%2f..%2fetc%2fpasswd'],
    ['scaffolder template', '${{ parameters.name }}{% raw %}{{ 7*7 }}'],
    ['Terraform interpolation', '${var.secret}%{ if true }x%{ endif }'],
    ['YAML breakout', '": &a [*a, *a] !!python/object:os.system'],
    ['JSON breakout', '"}, "admin": true, "x": {"'],
    [
      'shell metacharacters',
      `$(touch ${ESCAPE_SENTINEL}); \`id\` | cat && rm -rf ~ #`,
    ],
    ['SQL', "' OR 1=1; DROP TABLE audit_events; --"],
    ['HTML', '<script>alert(1)</script><img src=x onerror=alert(1)>'],
    ['right-to-left override', 'abc\u202etxt.exe'],
    ['zero-width and combining', 'pay\u200bments e\u0301 \ufeffbom'],
    ['emoji and wide', '👩‍💻 ｆｕｌｌ 漢字 Ω≈ç√'],
    ['backslashes and percent', 'C:\\Windows\\%PATH% %00 %s %n'],
    ['tab', 'col1\tcol2'],
    ['prototype', '__proto__'],
  ],
};

/** Both lists, labelled with what a route must do with them. */
export function eachHostileString(): Array<{
  label: string;
  value: string;
  /** Refused wherever free text is read. */
  refused: boolean;
  /** Refused in a JSON body string too. */
  refusedInBody: boolean;
}> {
  return [
    ...hostileStrings.refused.map(([label, value, inBody]) => ({
      label,
      value,
      refused: true,
      refusedInBody: !inBody,
    })),
    ...hostileStrings.accepted.map(([label, value]) => ({
      label,
      value,
      refused: false,
      refusedInBody: false,
    })),
  ];
}
