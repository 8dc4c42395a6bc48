/** Components every MDX file can use without an import (passed to <Content components>). */
import H2 from './H2.astro';
import H3 from './H3.astro';
import Note from './Note.astro';

export const mdxComponents = { H2, H3, Note };
