/** Plain-text view of an item, 72 columns, for quoting in mail: /apis/<id>.txt */
import { apiText } from '../../lib/plaintext.ts';
import { textRoute } from '../../lib/text-route.ts';

export const { getStaticPaths, GET } = textRoute('apis', apiText);
