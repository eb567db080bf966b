/** The five built-in demo apps and their hand-tuned behaviour. */
import type { AppProfile, DemoAppSpec } from './apps.js';

/** The repo's configured apps. */
export const BUILTIN_DEMO_APPS: DemoAppSpec[] = [
  {
    id: 'dice',
    name: 'Dice',
    features: ['roll', 'reroll', 'history', 'leaderboard', 'share_result', 'custom_dice', 'export_csv'],
  },
  {
    id: 'forecast',
    name: 'Sales Forecast',
    features: ['upload_data', 'run_forecast', 'adjust_params', 'download_chart', 'compare_scenarios', 'share_link'],
  },
  {
    id: 'tickets',
    name: 'Support Tickets',
    features: ['create_ticket', 'comment', 'assign', 'close_ticket', 'search', 'bulk_edit'],
  },
  {
    id: 'wiki',
    name: 'Team Wiki',
    features: ['view_page', 'edit_page', 'search', 'create_page', 'attach_file', 'export_pdf'],
  },
  {
    id: 'catalog',
    name: 'Product Catalog',
    features: ['browse', 'search', 'view_item', 'compare', 'add_favorite', 'request_quote'],
  },
];

/** Feature weight, reach and timing of a built-in app, by feature name. */
export type FeatureTable = Record<string, [weight: number, reach: number, timed?: boolean]>;

/** What a built-in app adds to its spec. */
export interface BuiltinBehaviour extends Omit<AppProfile, 'spec' | 'featureWeights' | 'featureReach' | 'timedFeatures'> {
  features: FeatureTable;
}

/** Behaviour of the built-in apps, by app id. */
export const BUILTIN_BEHAVIOUR: Record<string, BuiltinBehaviour> = {
  dice: {
    features: {
      roll: [60, 1],
      reroll: [22, 0.8],
      history: [8, 0.5],
      leaderboard: [5, 0.45],
      share_result: [2, 0.25],
      custom_dice: [0.8, 0.1],
      export_csv: [0, 0],
    },
    roleWeights: [0.5, 1, 1.5, 0.5, 4],
    meanEvents: 8,
    meanGapS: 25,
    peakRpmPer100: 4,
    latencyMedianS: 0.03,
    pages: ['/', '/roll', '/history', '/leaderboard'],
    errors: ['random source exhausted', 'leaderboard query timed out', 'session store unavailable'],
  },
  forecast: {
    features: {
      upload_data: [10, 0.7, true],
      run_forecast: [30, 0.9, true],
      adjust_params: [25, 0.6],
      download_chart: [8, 0.4, true],
      compare_scenarios: [4, 0.15, true],
      share_link: [1.5, 0.1],
    },
    roleWeights: [0.1, 3, 0.2, 4, 0.3],
    meanEvents: 12,
    meanGapS: 60,
    peakRpmPer100: 1.5,
    latencyMedianS: 0.25,
    pages: ['/', '/upload', '/model', '/scenarios'],
    errors: ['R worker crashed during forecast', 'uploaded file has no date column', 'websocket closed by proxy'],
  },
  tickets: {
    features: {
      create_ticket: [14, 0.6],
      comment: [30, 0.8],
      assign: [12, 0.35],
      close_ticket: [10, 0.4],
      search: [20, 0.7],
      bulk_edit: [1.2, 0.1],
    },
    roleWeights: [5, 0.3, 2, 0.2, 0.3],
    meanEvents: 10,
    meanGapS: 45,
    peakRpmPer100: 3,
    latencyMedianS: 0.06,
    pages: ['/queue', '/ticket', '/search', '/reports'],
    errors: ['database deadlock while saving ticket', 'mail gateway refused notification', 'search index timeout'],
  },
  wiki: {
    features: {
      view_page: [55, 1],
      edit_page: [12, 0.35],
      search: [25, 0.8],
      create_page: [3, 0.15],
      attach_file: [1.5, 0.08, true],
      export_pdf: [0.7, 0.05, true],
    },
    roleWeights: [3, 0.7, 4, 1, 1],
    meanEvents: 9,
    meanGapS: 50,
    peakRpmPer100: 5,
    latencyMedianS: 0.05,
    pages: ['/', '/page', '/search', '/recent'],
    errors: ['page render failed', 'attachment store unavailable', 'search index timeout'],
  },
  catalog: {
    features: {
      browse: [35, 0.9],
      search: [28, 0.8],
      view_item: [30, 0.85],
      compare: [5, 0.2],
      add_favorite: [3, 0.18],
      request_quote: [1.2, 0.07],
    },
    roleWeights: [0.3, 5, 0.3, 2, 1],
    meanEvents: 11,
    meanGapS: 35,
    peakRpmPer100: 3.5,
    latencyMedianS: 0.08,
    pages: ['/', '/items', '/item', '/compare'],
    errors: ['pricing service returned 503', 'image CDN timeout', 'inventory lookup failed'],
  },
};

