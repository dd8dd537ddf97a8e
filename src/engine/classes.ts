/** The four classes, best first (A 优先支持 … D 倒逼淘汰; names vary by place and live in the methodology). */
export const CLASS_IDS = ['A', 'B', 'C', 'D'] as const;
export type ClassId = (typeof CLASS_IDS)[number];
