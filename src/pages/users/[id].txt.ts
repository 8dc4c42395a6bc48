/** Plain-text view of an item, 72 columns, for quoting in mail: /users/<id>.txt */
import { userText } from '../../lib/plaintext.ts';
import { textRoute } from '../../lib/text-route.ts';

export const { getStaticPaths, GET } = textRoute('users', userText);
