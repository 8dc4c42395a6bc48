/** Plain-text view of an item, 72 columns, for quoting in mail: /uabi/<id>.txt */
import { uabiText } from '../../lib/plaintext.ts';
import { textRoute } from '../../lib/text-route.ts';

export const { getStaticPaths, GET } = textRoute('uabis', uabiText);
