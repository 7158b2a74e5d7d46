/* The C structure walk lives in src/c/structure.ts; this path stays for rules/source/ until they import it there. */
export * from '../../c/structure.js';
