import xmllint from 'xmllint-wasm';
import { readReference } from './repo-paths.ts';

/**
 * Validates a Tableau document against the vendored 2026.2 schemas (reference/tableau): a .tds
 * against tds_2026.2.xsd (root <datasource>), a .twb against twb_2026.2.xsd (root <workbook>). Both
 * wrappers import the two namespace stubs and include Tableau's official schema by these names.
 */
export async function validateTableau(xml: string, kind: 'tds' | 'twb', fileName = `document.${kind}`) {
  const files = [`${kind}_2026.2.xsd`, 'twb_2026.2.0.xsd', 'user_ns_stub.xsd', 'xml_ns_stub.xsd'];
  const [main, ...preload] = await Promise.all(
    files.map(async (name) => ({ fileName: name, contents: await readReference(`tableau/${name}`) })),
  );
  return xmllint.validateXML({
    xml: [{ fileName, contents: xml }],
    schema: [main!],
    preload,
    maxMemoryPages: 16 * 1024, // 1 GiB: the workbook schema is large
  });
}
