// The certificates section: each certificate the TLS ports serve, with its expiry; a warning badge under 14 days (the
// API's expiresSoon), and why the files on disk were not loaded when they hold something broken. Hidden without TLS.
// Values go in as text only.

function cell(text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function expiry(certificate) {
  const badge = document.createElement("span");
  if (certificate.daysLeft < 0) {
    badge.className = "badge expired";
    badge.textContent = "expired";
  } else if (certificate.expiresSoon) {
    badge.className = "badge expiring";
    badge.textContent = `expires in ${certificate.daysLeft} day${certificate.daysLeft === 1 ? "" : "s"}`;
  } else {
    badge.className = "badge valid";
    badge.textContent = `${certificate.daysLeft} days left`;
  }
  const td = document.createElement("td");
  td.append(new Date(certificate.notAfter).toLocaleDateString(), " ", badge);
  return td;
}

export function renderCertificates(section, certificates) {
  section.hidden = certificates.length === 0;
  const rows = [];
  for (const certificate of certificates) {
    const tr = document.createElement("tr");
    tr.append(cell(certificate.names.join(", ")), expiry(certificate), cell(certificate.serial),
      cell(certificate.certificateFile, "url"));
    rows.push(tr);
    if (certificate.reloadError) {
      const note = document.createElement("tr");
      const td = cell(`Not reloaded, still serving the certificate above: ${certificate.reloadError}`,
        "reload-error");
      td.colSpan = 4;
      note.append(td);
      rows.push(note);
    }
  }
  section.querySelector("tbody").replaceChildren(...rows);
}
