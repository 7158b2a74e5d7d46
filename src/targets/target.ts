/* The Target contract lives with the engine that runs it (src/patch/target.ts); eras import it from here. */
export type * from '../patch/target.js';
