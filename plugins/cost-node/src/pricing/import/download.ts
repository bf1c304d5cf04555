/*
 * Fetches the price lists a mapping needs from the vendors' public APIs
 * and keeps, of each, only the records the mapping selects, in the
 * vendor's own format, with a provenance file saying where and when they
 * were downloaded. The importer then reads them like any offline file.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { CatalogCloud } from './importCatalog';
import { MappingFile, termSelection } from './mapping';
import {
  VendorPrice,
  readAwsOfferJson,
  readAzureRetailPages,
  readGcpSkuPages,
} from './vendorPrices';

/** Where each vendor's API answers; tests point these at a local server. */
export interface VendorEndpoints {
  aws: string;
  azure: string;
  gcp: string;
  /** Google's Billing Catalog API wants an API key (`GOOGLE_API_KEY`). */
  gcpApiKey?: string;
}

/** The vendors' public endpoints. */
export const VENDOR_ENDPOINTS: VendorEndpoints = {
  aws: 'https://pricing.us-east-1.amazonaws.com',
  azure: 'https://prices.azure.com',
  gcp: 'https://cloudbilling.googleapis.com',
};

/** Reports progress: a list started, bytes or pages arrived, a list done. */
export type Progress = (message: string) => void;

async function fetchText(
  url: string,
  progress: Progress,
  label: string,
): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    throw new Error(
      `${label}: cannot reach ${new URL(url).host}${
        cause ? ` (${cause})` : ''
      }; without network, run offline from the files in pricing/sources/`,
    );
  }
  if (!response.ok || !response.body) {
    throw new Error(
      `${label}: ${url.replace(/key=[^&]+/, 'key=…')} answered ${
        response.status
      } ${response.statusText}`,
    );
  }
  const total = Number(response.headers.get('content-length') ?? 0);
  const chunks: Buffer[] = [];
  let received = 0;
  let reported = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    chunks.push(Buffer.from(chunk));
    received += chunk.length;
    if (received - reported > 8 * 1024 * 1024) {
      reported = received;
      progress(
        `${label}: ${(received / 1048576).toFixed(0)} MiB${
          total ? ` of ${(total / 1048576).toFixed(0)} MiB` : ''
        }`,
      );
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The (list, region) pairs a mapping's rules read. Google's catalog is one
 * list per service for every region (a SKU may serve several), so there
 * the region is `all`.
 */
function listsOf(
  cloud: CatalogCloud,
  mapping: MappingFile,
): Array<{ list: string; region: string }> {
  const pairs = new Map<string, { list: string; region: string }>();
  for (const rule of mapping.rules) {
    for (const region of rule.regions) {
      for (const term of rule.price) {
        const where = cloud === 'gcp' ? 'all' : term.region ?? region;
        pairs.set(`${term.list}|${where}`, { list: term.list, region: where });
      }
    }
  }
  return [...pairs.values()].sort((a, b) =>
    `${a.list}|${a.region}`.localeCompare(`${b.list}|${b.region}`),
  );
}

/** Which vendor SKUs of `prices` some rule's term selects (by its match and region). */
function selected(mapping: MappingFile, prices: VendorPrice[]): Set<string> {
  const keep = new Set<string>();
  for (const rule of mapping.rules) {
    for (const region of rule.regions) {
      const location = rule.locations?.[region];
      for (const term of rule.price) {
        const { selects } = termSelection(term, region, location);
        for (const price of prices.filter(selects)) {
          keep.add(price.vendorSku);
        }
      }
    }
  }
  return keep;
}

function slug(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

async function writeKept(
  directory: string,
  name: string,
  content: unknown,
  url: string,
  date: string,
) {
  await writeFile(
    join(directory, name),
    `${JSON.stringify(content, null, 2)}\n`,
  );
  await writeFile(
    join(directory, `${name}.provenance.yaml`),
    stringify({ downloaded: { url: url.replace(/key=[^&]+/, 'key=…'), date } }),
  );
}

/**
 * Downloads every price list `mapping` reads into `directory` (which must
 * be empty), each trimmed to the records the mapping selects. Returns the
 * files written.
 */
export async function downloadPriceLists(options: {
  cloud: CatalogCloud;
  mapping: MappingFile;
  directory: string;
  endpoints: VendorEndpoints;
  progress: Progress;
  today: string;
}): Promise<string[]> {
  const { cloud, mapping, directory, endpoints, progress, today } = options;
  await mkdir(directory, { recursive: true });
  const written: string[] = [];
  for (const { list, region } of listsOf(cloud, mapping)) {
    const label = `${cloud} ${list}${region === 'all' ? '' : ` ${region}`}`;
    progress(`${label}: downloading`);
    if (cloud === 'aws') {
      const url = `${endpoints.aws}/offers/v1.0/aws/${encodeURIComponent(
        list,
      )}/current/${encodeURIComponent(region)}/index.json`;
      const text = await fetchText(url, progress, label);
      const prices = readAwsOfferJson(text, url);
      const skus = selected(mapping, prices);
      const offer = JSON.parse(text);
      const pick = (table: Record<string, unknown> = {}) =>
        Object.fromEntries(
          Object.entries(table).filter(([sku]) => skus.has(sku)),
        );
      const name = `${list}-${region}.json`;
      await writeKept(
        directory,
        name,
        {
          ...offer,
          products: pick(offer.products),
          terms: { OnDemand: pick(offer.terms?.OnDemand) },
        },
        url,
        today,
      );
      written.push(name);
      progress(`${label}: kept ${skus.size} of ${prices.length} SKUs`);
    } else if (cloud === 'azure') {
      const filter = `serviceName eq '${list.replaceAll(
        "'",
        "''",
      )}' and armRegionName eq '${region}'`;
      let url: string | null = `${
        endpoints.azure
      }/api/retail/prices?api-version=2023-01-01-preview&$filter=${encodeURIComponent(
        filter,
      )}`;
      const first = url;
      const items: unknown[] = [];
      let pages = 0;
      while (url) {
        const page = JSON.parse(await fetchText(url, progress, label));
        items.push(...(Array.isArray(page.Items) ? page.Items : []));
        pages += 1;
        progress(`${label}: page ${pages}, ${items.length} meters`);
        url = typeof page.NextPageLink === 'string' ? page.NextPageLink : null;
      }
      const content = {
        BillingCurrency: 'USD',
        CustomerEntityId: 'Default',
        CustomerEntityType: 'Retail',
        Items: items,
        NextPageLink: null,
        Count: items.length,
      };
      const prices = readAzureRetailPages([
        { content: JSON.stringify(content), file: first },
      ]);
      const skus = selected(mapping, prices);
      const name = `${slug(list)}-${slug(region)}.json`;
      const kept = items.filter(i =>
        skus.has(String((i as { meterId?: unknown }).meterId)),
      );
      await writeKept(
        directory,
        name,
        { ...content, Items: kept, Count: kept.length },
        first,
        today,
      );
      written.push(name);
      progress(`${label}: kept ${kept.length} of ${items.length} rows`);
    } else {
      if (!endpoints.gcpApiKey) {
        throw new Error(
          `${label}: the Cloud Billing Catalog API needs an API key; set GOOGLE_API_KEY`,
        );
      }
      const base = `${endpoints.gcp}/v1/services/${encodeURIComponent(
        list,
      )}/skus?currencyCode=USD&pageSize=5000&key=${encodeURIComponent(
        endpoints.gcpApiKey,
      )}`;
      const skusAll: unknown[] = [];
      let token = '';
      let pages = 0;
      do {
        const page = JSON.parse(
          await fetchText(
            token ? `${base}&pageToken=${encodeURIComponent(token)}` : base,
            progress,
            label,
          ),
        );
        skusAll.push(...(Array.isArray(page.skus) ? page.skus : []));
        pages += 1;
        progress(`${label}: page ${pages}, ${skusAll.length} SKUs`);
        token =
          typeof page.nextPageToken === 'string' ? page.nextPageToken : '';
      } while (token);
      const prices = readGcpSkuPages([
        { content: JSON.stringify({ skus: skusAll }), file: base },
      ]);
      const skus = selected(mapping, prices);
      const kept = skusAll.filter(s =>
        skus.has(String((s as { skuId?: unknown }).skuId)),
      );
      const name = `${slug(list)}.json`;
      await writeKept(
        directory,
        name,
        { skus: kept, nextPageToken: '' },
        base,
        today,
      );
      written.push(name);
      progress(`${label}: kept ${kept.length} of ${skusAll.length} SKUs`);
    }
  }
  return written;
}
