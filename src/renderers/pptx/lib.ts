/**
 * pptxgenjs, imported so that types and runtime agree: its typings are CommonJS-shaped
 * (the class is `exports.default`), while Node loads its ES build, whose default export is
 * the class itself. Types are re-exported under one name.
 */
import * as pptxgenjs from 'pptxgenjs';
import type * as Types from 'pptxgenjs';

type PptxClass = typeof Types.default.default;
const loaded: unknown = pptxgenjs.default;

/** The PptxGenJS class, whichever way the module system hands it over. */
export const PptxGenJS: PptxClass = typeof loaded === 'function' ? (loaded as unknown as PptxClass) : (loaded as { default: PptxClass }).default;

/** A presentation. */
export type Pptx = InstanceType<PptxClass>;
/** A slide. */
export type Slide = Types.default.Slide;
/** A table row (cells with options). */
export type TableRow = Types.default.TableRow;
/** Options of a chart. */
export type ChartOptions = Types.default.IChartOpts;
