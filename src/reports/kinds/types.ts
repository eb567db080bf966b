import type { Definition, Section, Unit } from '../../model/report.js';

/** A cover figure: the id of a KPI in the sections, and how to label it if its section is unavailable. */
export interface HeadlineSpec {
  id: string;
  label: string;
  unit: Unit;
}

/** What a report kind produces; build.ts adds metadata, headline, highlights and the appendix. */
export interface KindBuild {
  title: string;
  subtitle?: string;
  sections: Section[];
  /** The KPIs (found in the sections) shown on the cover, in order; four of them. */
  headline: HeadlineSpec[];
  notices?: string[];
  /** Definitions this report needs beyond its kind's (appended to the appendix's). */
  definitions?: Definition[];
}
