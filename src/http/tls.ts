/** Builds the agents that carry TLS trust settings (CA, client certificate, verification). */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { ObsReportError } from '../errors.js';

/** TLS options of a datasource, as in the config (tls.caFile, certFile, keyFile, insecureSkipVerify). */
export interface HttpTlsOptions {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  insecureSkipVerify?: boolean;
}

function readPem(datasourceType: string, option: string, path: string | undefined): Buffer | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ObsReportError('CONFIG_INVALID', `datasources.${datasourceType}.tls.${option} cannot be read: ${reason}`, {
      hint: `Point tls.${option} at a readable PEM file.`,
    });
  }
}

/** Keep-alive agents for one datasource; the https one trusts `caFile` and presents the client certificate. */
export function createAgents(datasourceType: string, tls: HttpTlsOptions | undefined): { http: http.Agent; https: https.Agent } {
  const cert = readPem(datasourceType, 'certFile', tls?.certFile);
  const key = readPem(datasourceType, 'keyFile', tls?.keyFile);
  if ((cert === undefined) !== (key === undefined)) {
    throw new ObsReportError('CONFIG_INVALID', `datasources.${datasourceType}.tls needs both certFile and keyFile for a client certificate`, {
      hint: 'Set both tls.certFile and tls.keyFile, or neither.',
    });
  }
  return {
    http: new http.Agent({ keepAlive: true }),
    https: new https.Agent({
      keepAlive: true,
      ca: readPem(datasourceType, 'caFile', tls?.caFile),
      cert,
      key,
      rejectUnauthorized: tls?.insecureSkipVerify !== true,
    }),
  };
}
