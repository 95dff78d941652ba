// Server-rendered pages of the Medicaid-like legacy portal (layout v1): upper
// case labels, nested <table> layouts, and a workspace page whose menu and
// work area are iframes (named navFrame and contentFrame), as such portals
// were built. Labels are real <label for> where there are inputs; data tables
// carry an accessible name (aria-label) and a first row of <th> headers.
import { CARC, RARC } from '../shared/codes.ts';
import { MEDICAID_CODE_TEXT, MEDICAID_PAYER, type MedicaidClaim, type MedicaidClaimView } from './data.ts';
import { amount, h, monDate, slashDate } from './format.ts';
import type { RaFile } from './remits.ts';

const STYLE = `body{font:12px Verdana,Arial,sans-serif;background:#fff;color:#000;margin:0}
table.frame{background:#003366;color:#fff;width:100%}td.banner{font:bold 16px Arial;padding:6px}
table.box{border:1px solid #336699;border-collapse:collapse;margin:6px 0}table.box td,table.box th{border:1px solid #99aacc;padding:2px 6px;vertical-align:top}
table.box th{background:#ccd9ea;text-align:left;font-size:11px}td.lbl{background:#eef2f8;font-weight:bold;font-size:11px;white-space:nowrap}
.title{font:bold 14px Arial;color:#003366;padding:4px 0}.err{color:#cc0000;font-weight:bold}.msg{color:#006600;font-weight:bold}
a{color:#003399}iframe{border:1px solid #336699;vertical-align:top}`;

export function doc(title: string, body: string): string {
  return `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN"><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>${h(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

const banner = `<table class="frame" cellpadding="0" cellspacing="0"><tr><td class="banner">${MEDICAID_PAYER.name} - PROVIDER WEB PORTAL</td></tr></table>`;
const message = (cls: 'err' | 'msg', text?: string): string =>
  text ? `<p class="${cls}" role="${cls === 'err' ? 'alert' : 'status'}">${h(text)}</p>` : '';

export function loginPage(opts: { error?: string; notice?: string; providerId?: string } = {}): string {
  return doc(
    'PROVIDER LOGON',
    `${banner}<table width="100%"><tr><td align="center">
<h1 class="title">PROVIDER LOGON</h1>${message('msg', opts.notice)}${message('err', opts.error)}
<form method="post" action="/login" name="logon"><table class="box" role="presentation">
<tr><td class="lbl"><label for="providerId">PROVIDER ID:</label></td><td><input id="providerId" name="providerId" size="15" maxlength="15" value="${h(opts.providerId ?? '')}"></td></tr>
<tr><td class="lbl"><label for="pin">PASSWORD:</label></td><td><input id="pin" name="password" type="password" size="15"></td></tr>
<tr><td colspan="2" align="center"><input type="submit" value="LOG ON"></td></tr></table></form>
<p>FOR ASSISTANCE CALL THE PROVIDER SERVICES UNIT AT 1-800-555-0142.</p></td></tr></table>`,
  );
}

export function lockedPage(): string {
  return loginPage({
    error: 'ACCOUNT LOCKED. THE MAXIMUM NUMBER OF LOGON ATTEMPTS HAS BEEN EXCEEDED. CONTACT PROVIDER SERVICES.',
  });
}

export function termsPage(error?: string): string {
  return doc(
    'TERMS AND CONDITIONS',
    `${banner}<table width="100%"><tr><td>
<h1 class="title">TERMS AND CONDITIONS OF USE</h1>${message('err', error)}
<table class="box" role="presentation"><tr><td>THIS SYSTEM IS FOR THE USE OF AUTHORIZED PROVIDERS ONLY. INFORMATION IN THIS SYSTEM IS PROTECTED HEALTH
INFORMATION UNDER HIPAA. BY CONTINUING YOU AGREE THAT ALL ACTIVITY MAY BE MONITORED AND THAT YOU WILL USE RECIPIENT INFORMATION ONLY
FOR TREATMENT, PAYMENT AND OPERATIONS. YOU MUST ACCEPT THESE TERMS EACH TIME YOU LOG ON.</td></tr></table>
<form method="post" action="/terms"><input type="checkbox" id="accept" name="accept" value="Y"> <label for="accept">I ACCEPT THE TERMS AND CONDITIONS</label><br><br>
<input type="submit" value="CONTINUE"> <a href="/logoff">DECLINE</a></form></td></tr></table>`,
  );
}

/** The signed-in workspace: menu and work area are iframes. */
export function workspacePage(displayName: string, providerId: string, contentSrc: string): string {
  return doc(
    'PROVIDER WEB PORTAL',
    `${banner}<table width="100%" cellpadding="2"><tr><td class="msg">WELCOME ${h(displayName)} - PROVIDER ID ${h(providerId)}</td></tr></table>
<table width="100%" cellpadding="0" cellspacing="0"><tr>
<td width="190" valign="top"><iframe name="navFrame" title="MENU" src="/nav" width="185" height="1000"></iframe></td>
<td valign="top"><iframe name="contentFrame" title="WORK AREA" src="${h(contentSrc)}" width="1040" height="1000"></iframe></td></tr></table>`,
  );
}

export function navPage(): string {
  return doc(
    'MENU',
    `<table class="box" width="100%" role="presentation"><tr><th>MAIN MENU</th></tr>
<tr><td><a href="/welcome" target="contentFrame">HOME</a></td></tr>
<tr><td><a href="/claims/inquiry" target="contentFrame">CLAIM INQUIRY</a></td></tr>
<tr><td><a href="/ra" target="contentFrame">REMITTANCE ADVICE</a></td></tr>
<tr><td><a href="/logoff" target="_top">LOG OFF</a></td></tr></table>`,
  );
}

export function welcomePage(): string {
  return doc(
    'HOME',
    `<h1 class="title">PROVIDER HOME</h1><p>SELECT AN OPTION FROM THE MENU.</p>
<p>NOTICE: RA FILES ARE AVAILABLE FOR DOWNLOAD FOR 7 YEARS FROM THE PAYMENT DATE.</p>`,
  );
}

export function claimInquiryPage(error?: string): string {
  return doc(
    'CLAIM INQUIRY',
    `<h1 class="title">CLAIM INQUIRY</h1>${message('err', error)}
<form method="get" action="/claims/inquiry/result"><table class="box" role="presentation">
<tr><td class="lbl"><label for="icn">ICN:</label></td><td><input id="icn" name="icn" size="20" maxlength="20"></td></tr>
<tr><td colspan="2"><input type="submit" value="SUBMIT"> <input type="reset" value="CLEAR"></td></tr></table></form>
<h2>SEARCH BY RECIPIENT</h2>
<form method="post" action="/claims/inquiry/recipient"><table class="box" role="presentation">
<tr><td class="lbl"><label for="recipientId">RECIPIENT ID:</label></td><td><input id="recipientId" name="recipientId" size="14" maxlength="20"></td></tr>
<tr><td class="lbl"><label for="recipientDob">DATE OF BIRTH (MM/DD/YYYY):</label></td><td><input id="recipientDob" name="dob" size="10"></td></tr>
<tr><td class="lbl"><label for="fromDos">FROM DOS (MM/DD/YYYY):</label></td><td><input id="fromDos" name="fromDos" size="10"></td></tr>
<tr><td class="lbl"><label for="toDos">TO DOS (MM/DD/YYYY):</label></td><td><input id="toDos" name="toDos" size="10"></td></tr>
<tr><td colspan="2"><input type="submit" value="SEARCH RECIPIENT"></td></tr></table></form>`,
  );
}

/** Claims of one recipient in a date-of-service range; each ICN opens its detail. */
export function recipientResultsPage(claims: readonly MedicaidClaim[]): string {
  const rows = claims
    .map(
      (c) =>
        `<tr><td><a href="/claims/inquiry/result?icn=${h(c.icn)}">${h(c.icn)}</a></td><td>${h(c.patientControlNumber)}</td><td>${monDate(c.serviceDate)}</td><td align="right">${amount(c.billedCents)}</td><td>${h(claimStatusLabel(c))}</td></tr>`,
    )
    .join('');
  return doc(
    'CLAIM INQUIRY - RESULTS',
    `<h1 class="title">CLAIM INQUIRY - RESULTS</h1><p role="status">${claims.length} CLAIM(S) FOUND</p>
<table class="box" aria-label="CLAIMS FOUND"><tr><th>ICN</th><th>PATIENT ACCT NO</th><th>FROM DOS</th><th>BILLED AMT</th><th>CLAIM STATUS</th></tr>${rows}</table>
<p><a href="/claims/inquiry">NEW INQUIRY</a></p>`,
  );
}

export function recipientNotFoundPage(): string {
  return doc(
    'CLAIM INQUIRY',
    `<h1 class="title">CLAIM INQUIRY</h1><p class="err" role="alert">NO RECORDS FOUND FOR THE RECIPIENT ENTERED.</p>
<p><a href="/claims/inquiry">NEW INQUIRY</a></p>`,
  );
}

export function claimNotFoundPage(): string {
  return doc(
    'CLAIM INQUIRY',
    `<h1 class="title">CLAIM INQUIRY</h1><p class="err" role="alert">NO RECORDS FOUND FOR THE ICN ENTERED.</p>
<p><a href="/claims/inquiry">NEW INQUIRY</a></p>`,
  );
}

const pair = (label: string, value: string): string => `<td class="lbl">${h(label)}</td><td>${h(value)}</td>`;
export const codeText = (code: string): string => CARC[code] ?? RARC[code] ?? MEDICAID_CODE_TEXT[code] ?? 'SEE RA.';

export function claimStatusLabel(c: MedicaidClaim): string {
  switch (c.statusCategory[0]) {
    case 'F':
      return c.statusCategory === 'F2' ? 'DENIED' : c.statusCategory === 'F3' ? 'ADJUSTED' : 'PAID';
    case 'P':
      return 'SUSPENDED';
    default:
      return 'REJECTED';
  }
}

function linesTable(c: MedicaidClaim, v: MedicaidClaimView): string {
  const rows = c.lines
    .map(
      (
        l,
        i,
      ) => `<tr><td>${i + 1}</td><td>${h(l.code)}</td><td>${h(l.modifiers.join(' ') || ' ')}</td><td>${l.units}</td>
<td align="right">${amount(l.chargeCents)}</td><td align="right">${amount(v.lines[i]?.paidCents ?? 0)}</td><td>${h(v.lines[i]?.status ?? '')}</td></tr>`,
    )
    .join('');
  return `<table class="box" aria-label="SERVICE LINES"><tr><th>LN</th><th>PROC</th><th>MOD</th><th>UNITS</th><th>BILLED</th><th>PAID</th><th>LINE STATUS</th></tr>${rows}</table>`;
}

export function claimDetailPage(c: MedicaidClaim, v: MedicaidClaimView): string {
  const adj = v.adjustments
    .map(
      (a) =>
        `<tr><td>${a.group}</td><td>${h(a.carc)}</td><td>${h(codeText(a.carc))}</td><td align="right">${amount(a.amountCents)}</td></tr>`,
    )
    .join('');
  const rem = v.remarkCodes.map((r) => `<tr><td>${h(r)}</td><td>${h(codeText(r))}</td></tr>`).join('');
  const na = 'N/A';
  return doc(
    'CLAIM INQUIRY - DETAIL',
    `<table width="100%" cellpadding="0" cellspacing="0"><tr><td>
<h1 class="title">CLAIM INQUIRY - DETAIL</h1>
<table width="100%" cellpadding="0" cellspacing="0"><tr><td valign="top" width="55%">
<table class="box" aria-label="CLAIM INFORMATION" width="100%">
<tr>${pair('ICN:', c.icn)}${pair('CLAIM STATUS:', claimStatusLabel(c))}</tr>
<tr>${pair('PAYER:', MEDICAID_PAYER.name)}${pair('PATIENT ACCT NO:', c.patientControlNumber)}</tr>
<tr>${pair('RECIPIENT ID:', c.memberId)}${pair('RECIPIENT NAME:', `${c.patient.lastName}, ${c.patient.firstName}`.toUpperCase())}</tr>
<tr>${pair('FROM DOS:', monDate(c.serviceDate))}${pair('TO DOS:', monDate(c.serviceDate))}</tr>
<tr>${pair('RECEIPT DATE:', monDate(c.receivedDate))}${pair('RENDERING NPI:', c.provider.npi)}</tr>
<tr>${pair('STATUS CATEGORY:', c.statusCategory)}${pair('STATUS CODE:', c.statusCode)}</tr>
<tr><td class="lbl">STATUS DESCRIPTION:</td><td colspan="3">${h(c.statusText)}</td></tr>
${c.relatedIcn ? `<tr><td class="lbl">${c.scenario === 'reversed' ? 'REPLACED BY ICN:' : 'REPLACES ICN:'}</td><td colspan="3">${h(c.relatedIcn)}</td></tr>` : ''}
</table></td><td valign="top">
<table class="box" aria-label="PAYMENT INFORMATION" width="100%">
<tr>${pair('BILLED AMT:', amount(c.billedCents))}</tr>
<tr>${pair('ALLOWED AMT:', v.allowedCents === null ? na : amount(v.allowedCents))}</tr>
<tr>${pair('PAID AMT:', amount(v.paidCents))}</tr>
<tr>${pair('RECIPIENT LIABILITY:', amount(v.patientRespCents))}</tr>
<tr>${pair('CHECK/EFT NO:', v.cycle ? v.cycle.traceNumber : na)}</tr>
<tr>${pair('RA DATE:', v.cycle ? monDate(v.cycle.paymentDate) : na)}</tr>
</table></td></tr></table>
${linesTable(c, v)}
<table class="box" aria-label="ADJUSTMENTS"><tr><th>GRP</th><th>CARC</th><th>DESCRIPTION</th><th>ADJ AMT</th></tr>${adj || '<tr><td colspan="4">NO ADJUSTMENTS</td></tr>'}</table>
<table class="box" aria-label="REMARKS"><tr><th>REMARK CODE</th><th>DESCRIPTION</th></tr>${rem || '<tr><td colspan="2">NO REMARKS</td></tr>'}</table>
<p><a href="/claims/inquiry">NEW INQUIRY</a></p></td></tr></table>`,
  );
}

export const RA_PAGE_SIZE = 10;
export interface RaListView {
  from: string;
  to: string;
  files: RaFile[];
  page: number;
  /** PLB net per file in cents (display only). */
  plbNet: (f: RaFile) => number;
}

export function raPage(error?: string, list?: RaListView): string {
  const form = `<form method="get" action="/ra"><table class="box" role="presentation">
<tr><td class="lbl"><label for="fromDate">FROM DATE (MM/DD/YYYY):</label></td><td><input id="fromDate" name="from" size="10" value="${h(list?.from ?? '')}"></td>
<td class="lbl"><label for="toDate">TO DATE (MM/DD/YYYY):</label></td><td><input id="toDate" name="to" size="10" value="${h(list?.to ?? '')}"></td>
<td><input type="submit" value="SEARCH"></td></tr></table></form>`;
  let results = '';
  if (list) {
    const pages = Math.max(1, Math.ceil(list.files.length / RA_PAGE_SIZE));
    const shown = list.files.slice((list.page - 1) * RA_PAGE_SIZE, list.page * RA_PAGE_SIZE);
    const method = (m: RaFile['method']) => (m === 'ACH' ? 'EFT' : m === 'CHK' ? 'CHECK' : 'NON-PAYMENT');
    const rows = shown
      .map(
        (
          f,
        ) => `<tr><td>${slashDate(f.paymentDate)}</td><td>${method(f.method)}</td><td>${h(f.traceNumber)}</td><td align="right">${amount(f.amountCents)}</td>
<td align="right">${amount(-list.plbNet(f))}</td><td align="right">${f.claimCount}</td><td><a href="/ra/download/${h(f.id)}">${h(f.fileName)}</a></td><td><a href="/ra/pdf/${h(f.id)}">${h(f.pdfFileName)}</a></td></tr>`,
      )
      .join('');
    const q = (p: number) =>
      `/ra?from=${encodeURIComponent(list.from)}&amp;to=${encodeURIComponent(list.to)}&amp;page=${p}`;
    const nav = `${list.page > 1 ? `<a href="${q(list.page - 1)}">&lt; PREV</a> ` : ''}PAGE ${list.page} OF ${pages}${list.page < pages ? ` <a href="${q(list.page + 1)}">NEXT &gt;</a>` : ''}`;
    results =
      list.files.length === 0
        ? '<p class="err" role="alert">NO REMITTANCE ADVICE FOUND FOR THE DATES ENTERED.</p>'
        : `<p role="status">${list.files.length} RA FILE(S) FOUND</p><table class="box" aria-label="REMITTANCE ADVICE FILES">
<tr><th>PAYMENT DATE</th><th>PAYMENT TYPE</th><th>CHECK/EFT NO.</th><th>PAYMENT AMT</th><th>PROVIDER ADJ</th><th>CLAIMS</th><th>835 FILE</th><th>RA PDF</th></tr>${rows}</table><p>${nav}</p>`;
  }
  return doc(
    'REMITTANCE ADVICE',
    `<h1 class="title">REMITTANCE ADVICE</h1>${message('err', error)}<p>ENTER A PAYMENT DATE RANGE TO LIST WEEKLY RA FILES (X12 835).</p>${form}${results}`,
  );
}

export function maintenancePage(): string {
  return doc(
    'SYSTEM UNAVAILABLE',
    `${banner}<h1 class="title">SYSTEM UNAVAILABLE</h1><p>THE PROVIDER WEB PORTAL IS UNAVAILABLE DUE TO SCHEDULED MAINTENANCE. PLEASE TRY AGAIN LATER.</p>`,
  );
}
export function tooManyRequestsPage(sec: number): string {
  return doc(
    'TOO MANY REQUESTS',
    `<h1 class="title">TOO MANY REQUESTS</h1><p>REQUEST LIMIT EXCEEDED. TRY AGAIN IN ${sec} SECONDS.</p>`,
  );
}
export function notFoundPage(): string {
  return doc('PAGE NOT FOUND', '<h1 class="title">PAGE NOT FOUND</h1>');
}
