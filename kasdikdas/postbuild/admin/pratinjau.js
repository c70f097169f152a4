// Pratinjau kiprah di panel kanan editor: judul, nama sekolah, jenjang, kategori,
// tanggal ("11 Oktober 2024") dan penjelasan, dengan stylesheet situs (teksnya). Nama-nama dari
// pratinjau-data.js (dibuat dari registri sekolah dan model setiap build).
(function () {
  'use strict';
  var CMS = window.CMS || window.DecapCmsApp;
  var h = window.h;
  var names = window.KASDIKDAS_PRATINJAU || { schools: {}, categories: {}, levels: {}, months: [] };

  function tanggal(value) {
    var match = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value || ''));
    if (!match) { return String(value || ''); }
    var month = names.months[Number(match[2]) - 1] || match[2];
    return Number(match[3]) + ' ' + month + ' ' + match[1];
  }

  function paragraphs(text) {
    return String(text || '').split(/\n\s*\n/).filter(function (part) {
      return part.trim() !== '';
    }).map(function (part, index) { return h('p', { key: index }, part.trim()); });
  }

  function fact(term, value) {
    return value ? [h('dt', { key: term + '-t' }, term), h('dd', { key: term + '-d' }, value)] : [];
  }

  var KiprahPreview = window.createClass({
    render: function () {
      var data = this.props.entry.get('data');
      var npsn = String(data.get('school') || '');
      var school = names.schools[npsn] || { name: npsn, level: '' };
      var category = names.categories[data.get('category')] || data.get('category') || '';
      var date = data.get('date');
      var meta = [school.name, category].filter(Boolean).join(' · ');
      return h('main', { id: 'isi' },
        h('article', { className: 'kiprah' },
          h('h1', {}, data.get('title') || ''),
          h('p', { className: 'keterangan' }, meta, date ? ' · ' : '',
            date ? h('time', { dateTime: String(date) }, tanggal(date)) : null),
          h('div', { className: 'penjelasan' }, paragraphs(data.get('body'))),
          h('dl', { className: 'profil' },
            fact('Sekolah', school.name).concat(fact('Jenjang', school.level),
              fact('Kategori', category)))));
    }
  });

  // the text of the site's stylesheet (the admin CSP allows inline styles, not scripts)
  if (names.stylesheet) { CMS.registerPreviewStyle(names.stylesheet, { raw: true }); }
  CMS.registerPreviewTemplate('kiprah', KiprahPreview);
}());
