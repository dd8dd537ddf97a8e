/**
 * Objections (异议) in the web app, one file per piece: an enterprise files one against a figure of its
 * statement during the public notice (`FileObjection`, with an explanation and PDF/PNG/JPEG evidence);
 * its county operator (or a city analyst) accepts — the corrected figure goes into a new dataset version
 * and a re-run — or rejects with a reason (`Decision`); everybody sees the outcome, the deadlines and,
 * once re-run, the class before and after (`ObjectionDetail`, `ObjectionsCard` on the statement).
 */
export { OBJECTION_FIELDS } from './fields';
export { ObjectionDetail } from './ObjectionDetail';
export { ObjectionsCard } from './ObjectionsCard';
export { StatusTag } from './status';
