/* Byte views live in src/c/bytes.ts; this path stays for rules/source/ until they import it there. */
export * from '../../c/bytes.js';
