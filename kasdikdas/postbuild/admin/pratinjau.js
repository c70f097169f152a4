// Pratinjau kiprah di panel kanan editor: judul, nama sekolah, jenjang, kategori,
// tanggal ("11 Oktober 2024") dan penjelasan, dengan stylesheet situs (teksnya). Nama-nama dari
// pratinjau-data.js (dibuat dari registri sekolah dan model setiap build).
// Juga kolom tanggal ("tanggal"): diketik TAHUN-BULAN-TANGGAL seperti di berkas, dan
// dibacakan di bawahnya ("11 Oktober 2024"). Kolom tanggal bawaan peramban menampilkan
// urutan bahasa perambannya (mm/dd/yyyy di peramban berbahasa Inggris): 11/10 bisa
// terbaca 10 November.
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

  function asText(value) {  // a date read from YAML may arrive as a Date
    return value instanceof Date ? value.toISOString().slice(0, 10) : String(value || '');
  }

  var TanggalControl = window.createClass({
    handleChange: function (event) { this.props.onChange(event.target.value.trim()); },
    render: function () {
      var value = asText(this.props.value);
      var read = /^\d{4}-\d{2}-\d{2}$/.test(value) ? tanggal(value) : '';
      return h('div', { className: this.props.classNameWrapper },
        h('input', {
          id: this.props.forID, type: 'text', inputMode: 'numeric', autoComplete: 'off',
          placeholder: 'TAHUN-BULAN-TANGGAL', value: value, onChange: this.handleChange,
          onFocus: this.props.setActiveStyle, onBlur: this.props.setInactiveStyle,
          style: { border: 0, width: '100%', font: 'inherit', background: 'transparent' }
        }),
        h('p', { 'aria-live': 'polite', style: { margin: '0.5em 0 0' } },
          read ? 'Terbaca: ' + read : ''));
    }
  });

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
      var date = asText(data.get('date'));
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
  CMS.registerWidget('tanggal', TanggalControl, function (props) {
    return h('span', {}, tanggal(asText(props.value)));
  });
}());
