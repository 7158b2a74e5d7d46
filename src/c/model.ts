/* What the C scanner (lexer.ts, structure.ts) finds: directives and function bodies, as plain data. */

/** One preprocessor directive (its body is built on demand: directiveBody in lexer.ts). */
export interface Directive {
  /** Offset of the `#` in the file. */
  offset: number;
  /** Offset just past the directive's last line (its newline not included). */
  end: number;
  /** `define`, `if`, `ifdef`, `else`, ... ('' for a null directive). */
  name: string;
  /** Offset just after the name. */
  bodyStart: number;
  /** Depth of `#if` groups with undecided conditions around it (0: unconditional). */
  condDepth: number;
  /** For `#if`/`#elif`: the condition's text; '' otherwise. */
  cond: string;
}

/** A function definition's body, `{` to its matching `}`. */
export interface FunctionBody {
  /** The function's name (for `SYSCALL_DEFINE3(x, ...)`-style heads, the macro's name). */
  name: string;
  /** Offset of the name. */
  nameOffset: number;
  /** The parameter list's text (between the parentheses), code only. */
  params: string;
  /** Offset of `{` and of the matching `}` (or the file's end if unbalanced). */
  open: number;
  close: number;
}
