// Every mock portal, one line each. A new portal is its folder
// (mock-portals/<id>/ exporting a MockPortal) plus one line here; its bot is
// bots/<id>/ plus one line in bots/registry.ts.
import { availityPortal } from './availity/index.ts';
import { caqhPortal } from './caqh/index.ts';
import { medicaidPortal } from './medicaid/index.ts';
import { uhcPortal } from './uhc/index.ts';

export const MOCK_PORTALS = [availityPortal, uhcPortal, medicaidPortal, caqhPortal] as const;

export type MockPortalId = (typeof MOCK_PORTALS)[number]['id'];
