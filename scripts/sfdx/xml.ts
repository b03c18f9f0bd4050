/**
 * Metadata API XML in the layout `sf project retrieve start` writes (XML declaration, 4-space
 * indentation, the metadata namespace on the root), so a retrieve of a deployed org diffs cleanly.
 */
import { XMLBuilder } from 'fast-xml-parser';

export const METADATA_NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';

/** The API version of every file and of sfdx-project.json (the version casebridge calls). */
export const METADATA_API_VERSION = '62.0';

const builder = new XMLBuilder({ format: true, indentBy: '    ', ignoreAttributes: false, attributeNamePrefix: '@_' });

/** One metadata file: `root` element with `body` as children (arrays repeat the element). */
export function renderMetadataXml(root: string, body: Record<string, unknown>): string {
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    [root]: { '@_xmlns': METADATA_NAMESPACE, ...body },
  }) as string;
}
