/* The C lexer lives in src/c/lexer.ts; this path stays for rules/source/ until they import it there. */
export * from '../../c/lexer.js';
