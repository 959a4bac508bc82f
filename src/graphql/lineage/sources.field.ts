/** Description of every entity's `sources` field. */
export const SOURCES_DESCRIPTION = 'Lineage (数据来源): the source records this object was built from, oldest first.';
