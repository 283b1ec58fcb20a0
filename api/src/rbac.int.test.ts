import { API_DOMAINS } from "./modules/registry";
import { domainRows, rbacMatrix } from "../../test/rbac-matrix";

/**
 * The expected matrix lives beside each domain, written out by hand (not derived from the
 * domains' permissions): `modules/<domain>/<domain>.rbac.ts`, route → roles that pass. A route
 * missing there, or a domain without the file, fails this test.
 */
rbacMatrix({ domains: API_DOMAINS, rows: await domainRows(API_DOMAINS) });
