// Editor /admin/ Kas Dikdas: daftarkan bahasa Indonesia untuk Decap CMS (yang tidak
// punya), lalu jalankan. Frasa yang tidak ada di sini memakai bahasa Inggris bawaan.
// Pesan "wajib diisi" dan pola sama dengan kata-kata `invoke check`.
(function () {
  'use strict';
  var CMS = window.CMS || window.DecapCmsApp;
  var id = {
    auth: {
      login: 'Masuk', loggingIn: 'Sedang masuk…',
      loginWithNetlifyIdentity: 'Masuk dengan Netlify Identity', loginWithAzure: 'Masuk dengan Azure',
      loginWithBitbucket: 'Masuk dengan Bitbucket', loginWithGitHub: 'Masuk dengan GitHub',
      loginWithGitLab: 'Masuk dengan GitLab', loginWithGitea: 'Masuk dengan Gitea',
      loginWithForgejo: 'Masuk dengan Forgejo',
      errors: {
        email: 'Isi alamat surel Anda.', password: 'Isi kata sandi Anda.',
        identitySettings: 'Pengaturan identitas tidak dapat dibuka. Untuk git-gateway, aktifkan layanan Identity dan Git Gateway.'
      }
    },
    app: {
      header: { content: 'Konten', workflow: 'Alur kerja', media: 'Media', quickAdd: 'Tambah cepat' },
      app: {
        errorHeader: 'Konfigurasi editor tidak bisa dimuat', configErrors: 'Kesalahan konfigurasi',
        checkConfigYml: 'Periksa berkas config.yml.', loadingConfig: 'Memuat konfigurasi…',
        waitingBackend: 'Menunggu repositori…'
      },
      notFoundPage: { header: 'Tidak ditemukan' }
    },
    collection: {
      sidebar: { collections: 'Koleksi', allCollections: 'Semua koleksi', searchAll: 'Cari semua', searchIn: 'Cari di' },
      collectionTop: {
        sortBy: 'Urutkan', viewAs: 'Tampilkan sebagai', viewAsList: 'Tampilan daftar', viewAsGrid: 'Tampilan kisi',
        newButton: 'Buat %{collectionLabel} baru', newButtonAriaLabel: 'Buat %{collectionLabel} baru',
        ascending: 'Naik', descending: 'Turun',
        searchResults: 'Hasil pencarian "%{searchTerm}"',
        searchResultsInCollection: 'Hasil pencarian "%{searchTerm}" di %{collection}',
        filterBy: 'Saring', groupBy: 'Kelompokkan'
      },
      entries: {
        loadingEntries: 'Memuat isian…', cachingEntries: 'Menyimpan isian sementara…',
        longerLoading: 'Ini bisa memakan beberapa menit', noEntries: 'Belum ada isian',
        unpublishedHeader: 'Isian yang belum terbit'
      },
      groups: { other: 'Lainnya', negateLabel: 'Bukan %{label}' },
      defaultFields: { author: { label: 'Penulis' }, updatedOn: { label: 'Diubah pada' } }
    },
    editor: {
      editorControl: { field: { optional: 'opsional', widgetLabel: 'kolom %{widgetLabel}' } },
      editorControlPane: {
        widget: {
          required: '%{fieldLabel}: wajib diisi tetapi tidak ada.',
          regexPattern: '%{fieldLabel}: %{pattern}',
          processing: '%{fieldLabel} sedang diproses.',
          range: '%{fieldLabel} harus di antara %{minValue} dan %{maxValue}.',
          min: '%{fieldLabel} paling sedikit %{minValue}.',
          max: '%{fieldLabel} paling banyak %{maxValue}.',
          rangeCount: '%{fieldLabel} harus berisi %{minCount} sampai %{maxCount} butir.',
          rangeCountExact: '%{fieldLabel} harus berisi tepat %{count} butir.',
          rangeMin: '%{fieldLabel} paling sedikit %{minCount} butir.',
          rangeMax: '%{fieldLabel} paling banyak %{maxCount} butir.',
          invalidPath: "'%{path}' bukan path yang sah",
          pathExists: "Path '%{path}' sudah ada"
        },
        i18n: {
          writingInLocale: 'Menulis dalam %{locale}', copyFromLocale: 'Isi dari bahasa lain',
          copyFromLocaleConfirm: 'Isi dari bahasa %{locale}?\nSemua isi yang ada akan ditimpa.'
        }
      },
      editor: {
        onLeavePage: 'Yakin meninggalkan halaman ini?',
        onUpdatingWithUnsavedChanges: 'Ada perubahan yang belum disimpan; simpan dulu sebelum mengubah status.',
        onPublishingNotReady: 'Ubah status ke "Siap" sebelum menerbitkan.',
        onPublishingWithUnsavedChanges: 'Ada perubahan yang belum disimpan; simpan dulu sebelum menerbitkan.',
        onPublishing: 'Yakin menerbitkan isian ini?',
        onUnpublishing: 'Yakin membatalkan terbit isian ini?',
        onDeleteWithUnsavedChanges: 'Yakin menghapus isian yang sudah terbit ini, beserta perubahan yang belum disimpan?',
        onDeletePublishedEntry: 'Yakin menghapus isian yang sudah terbit ini?',
        onDeleteUnpublishedChangesWithUnsavedChanges: 'Semua perubahan yang belum terbit dan yang belum disimpan akan dihapus. Tetap hapus?',
        onDeleteUnpublishedChanges: 'Semua perubahan yang belum terbit akan dihapus. Tetap hapus?',
        loadingEntry: 'Memuat isian…',
        confirmLoadBackup: 'Ada cadangan lokal untuk isian ini. Pakai cadangan itu?'
      },
      editorInterface: {
        toggleI18n: 'Tampilkan/sembunyikan bahasa', togglePreview: 'Tampilkan/sembunyikan pratinjau',
        toggleScrollSync: 'Gulir bersamaan', toggleNotes: 'Tampilkan/sembunyikan catatan'
      },
      editorNotesPane: {
        title: 'Catatan', emptyState: 'Belum ada catatan. Tambahkan catatan pertama di bawah.',
        addNote: 'Tambah catatan', addPlaceholder: 'Tulis catatan…', editPlaceholder: 'Ubah catatan…',
        save: 'Simpan', cancel: 'Batal', edit: 'Ubah', delete: 'Hapus', resolve: 'Selesai',
        unresolve: 'Buka lagi', confirmDelete: 'Yakin menghapus catatan ini?',
        shortcut: 'Tips: tekan Ctrl+Enter untuk menambah catatan'
      },
      editorToolbar: {
        publishing: 'Menerbitkan…', publish: 'Terbitkan', published: 'Terbit', unpublish: 'Batalkan terbit',
        duplicate: 'Gandakan', unpublishing: 'Membatalkan terbit…',
        publishAndCreateNew: 'Terbitkan lalu buat baru', publishAndDuplicate: 'Terbitkan lalu gandakan',
        deleteUnpublishedChanges: 'Hapus perubahan yang belum terbit',
        deleteUnpublishedEntry: 'Hapus isian yang belum terbit',
        deletePublishedEntry: 'Hapus isian yang sudah terbit', deleteEntry: 'Hapus isian',
        saving: 'Menyimpan…', save: 'Simpan',
        statusInfoTooltipDraft: 'Isian masih draf. Untuk diperiksa, ubah status ke ‘Diperiksa’.',
        statusInfoTooltipInReview: 'Isian sedang diperiksa; Anda masih boleh mengubahnya.',
        deleting: 'Menghapus…', updating: 'Memperbarui…', status: 'Status: %{status}',
        backCollection: ' Menulis di koleksi %{collectionLabel}',
        unsavedChanges: 'Belum disimpan', changesSaved: 'Perubahan tersimpan',
        draft: 'Draf', inReview: 'Diperiksa', ready: 'Siap', publishNow: 'Terbitkan sekarang',
        deployPreviewPendingButtonLabel: 'Cek pratinjau', deployPreviewButtonLabel: 'Lihat pratinjau',
        deployButtonLabel: 'Lihat di situs'
      },
      editorWidgets: {
        markdown: {
          bold: 'Tebal', italic: 'Miring', strikethrough: 'Coret', code: 'Kode', link: 'Tautan',
          linkPrompt: 'Tulis alamat tautan', headings: 'Judul bagian', quote: 'Kutipan',
          bulletedList: 'Daftar berbutir', numberedList: 'Daftar bernomor', addComponent: 'Tambah komponen',
          richText: 'Teks kaya', markdown: 'Markdown',
          toggleMode: { rich: 'Ganti ke mode teks kaya', markdown: 'Ganti ke mode markdown' }
        },
        image: {
          choose: 'Pilih gambar', chooseMultiple: 'Pilih gambar-gambar', chooseUrl: 'Tulis alamat/path',
          replaceUrl: 'Ganti dengan alamat/path', promptUrl: 'Tulis alamat atau path gambar',
          chooseDifferent: 'Pilih gambar lain', addMore: 'Tambah gambar', remove: 'Buang gambar',
          removeAll: 'Buang semua gambar'
        },
        file: {
          choose: 'Pilih berkas', chooseUrl: 'Tulis alamat/path', chooseMultiple: 'Pilih berkas-berkas',
          replaceUrl: 'Ganti dengan alamat/path', promptUrl: 'Tulis alamat https:// atau path berkas (mis. videos/nama.mp4)',
          chooseDifferent: 'Pilih berkas lain', addMore: 'Tambah berkas', remove: 'Buang berkas',
          removeAll: 'Buang semua berkas'
        },
        unknownControl: { noControl: "Tidak ada isian untuk widget '%{widget}'." },
        unknownPreview: { noPreview: "Tidak ada pratinjau untuk widget '%{widget}'." },
        headingOptions: {
          headingOne: 'Judul 1', headingTwo: 'Judul 2', headingThree: 'Judul 3',
          headingFour: 'Judul 4', headingFive: 'Judul 5', headingSix: 'Judul 6'
        },
        datetime: { now: 'Hari ini', clear: 'Kosongkan', setToNow: 'Isi %{fieldLabel} dengan hari ini' },
        list: { add: 'Tambah %{item}', addType: 'Tambah %{item}' },
        object: { expand: 'Buka', collapse: 'Tutup' }
      }
    },
    mediaLibrary: {
      mediaLibraryCard: { draft: 'Draf', copy: 'Salin', copyUrl: 'Salin alamat', copyPath: 'Salin path', copyName: 'Salin nama', copied: 'Tersalin' },
      mediaLibrary: {
        onDelete: 'Yakin menghapus media yang dipilih?',
        fileTooLarge: 'Berkas terlalu besar.\nBatasnya %{size} kB.'
      },
      mediaLibraryModal: {
        loading: 'Memuat…', close: 'Tutup', noResults: 'Tidak ada hasil.', noAssetsFound: 'Belum ada berkas.',
        noImagesFound: 'Belum ada gambar.', private: 'Pribadi ', images: 'Gambar', mediaAssets: 'Berkas media',
        search: 'Cari…', uploading: 'Mengunggah…', upload: 'Unggah', download: 'Unduh',
        deleting: 'Menghapus…', deleteSelected: 'Hapus yang dipilih', chooseSelected: 'Pakai yang dipilih'
      }
    },
    ui: {
      default: { goBackToSite: 'Kembali ke situs' },
      errorBoundary: {
        title: 'Galat', details: 'Terjadi galat; mohon ', reportIt: 'laporkan ke pengembang situs.',
        detailsHeading: 'Rincian',
        privacyWarning: 'Laporan berisi pesan galat dan data untuk pengembang.\nPeriksa isinya dan hapus data pribadi bila ada.',
        recoveredEntry: {
          heading: 'Dokumen yang diselamatkan', warning: 'Salin dan simpan teks ini sebelum pindah halaman!',
          copyButtonLabel: 'Salin ke papan klip'
        }
      },
      settingsDropdown: { logOut: 'Keluar', account: 'Pilihan akun' },
      toast: {
        onFailToLoadEntries: 'Isian gagal dimuat: %{details}',
        onFailToLoadDeployPreview: 'Pratinjau gagal dimuat: %{details}',
        onFailToPersist: 'Isian gagal disimpan: %{details}',
        onFailToDelete: 'Isian gagal dihapus: %{details}',
        onFailToUpdateStatus: 'Status gagal diubah: %{details}',
        missingRequiredField: 'Ada kolom wajib yang belum benar. Perbaiki kolom yang ditandai merah, lalu simpan lagi.',
        entrySaved: 'Isian tersimpan', entryPublished: 'Isian terbit', entryUnpublished: 'Isian batal terbit',
        onFailToPublishEntry: 'Gagal menerbitkan: %{details}',
        onFailToUnpublishEntry: 'Gagal membatalkan terbit: %{details}',
        entryUpdated: 'Status isian diperbarui', onDeleteUnpublishedChanges: 'Perubahan yang belum terbit dihapus',
        noteAdded: 'Catatan ditambahkan', onFailToAddNote: 'Catatan gagal ditambahkan: %{details}',
        noteUpdated: 'Catatan diperbarui', onFailToUpdateNote: 'Catatan gagal diperbarui: %{details}',
        noteDeleted: 'Catatan dihapus', onFailToDeleteNote: 'Catatan gagal dihapus: %{details}',
        noteResolved: 'Catatan selesai', noteReopened: 'Catatan dibuka lagi',
        onFailToToggleNote: 'Status catatan gagal diubah: %{details}',
        onFailToAuth: '%{details}',
        onLoggedOut: 'Anda telah keluar; simpan cadangan isian lalu masuk lagi',
        onBackendDown: 'Layanan repositori sedang gangguan. Lihat %{details}'
      }
    },
    workflow: {
      workflow: {
        loading: 'Memuat alur kerja', workflowHeading: 'Alur kerja redaksi', newPost: 'Kiprah baru',
        description: '%{smart_count} isian menunggu diperiksa, %{readyCount} siap terbit. |||| %{smart_count} isian menunggu diperiksa, %{readyCount} siap terbit.',
        dateFormat: 'D MMMM'
      },
      workflowCard: {
        lastChange: '%{date} oleh %{author}', lastChangeNoAuthor: '%{date}', lastChangeNoDate: 'oleh %{author}',
        deleteChanges: 'Hapus perubahan', deleteNewEntry: 'Hapus isian baru',
        publishChanges: 'Terbitkan perubahan', publishNewEntry: 'Terbitkan isian baru'
      },
      workflowList: {
        onDeleteEntry: 'Yakin menghapus isian ini?',
        onPublishingNotReadyEntry: 'Hanya isian berstatus "Siap" yang bisa diterbitkan. Seret kartunya ke kolom "Siap".',
        onPublishEntry: 'Yakin menerbitkan isian ini?',
        draftHeader: 'Draf', inReviewHeader: 'Diperiksa', readyHeader: 'Siap',
        currentEntries: '%{smart_count} isian |||| %{smart_count} isian'
      }
    }
  };

  function merge(base, over) {
    var out = {};
    var key;
    for (key in base) { out[key] = base[key]; }
    for (key in over) {
      out[key] = (over[key] && typeof over[key] === 'object' && base && typeof base[key] === 'object')
        ? merge(base[key], over[key]) : over[key];
    }
    return out;
  }

  // Daftar atau blok yang dikosongkan lagi (kata kunci diketik lalu dihapus) tidak
  // ditulis sebagai `tags: []`: berkas sama dengan yang ditulis editor dengan tangan.
  function isEmpty(value) {
    return value !== null && typeof value === 'object' && value.size === 0;
  }
  function withoutEmpty(data) {
    if (data === null || typeof data !== 'object' || typeof data.keySeq !== 'function' ||
        typeof data.push === 'function') {
      return data;  // hanya peta (Immutable Map) yang dipangkas; isi daftar (List) tetap
    }
    return data.map(withoutEmpty).filter(function (value) { return !isEmpty(value); });
  }
  CMS.registerEventListener({
    name: 'preSave',
    handler: function (event) { return withoutEmpty(event.entry.get('data')); }
  });

  CMS.registerLocale('id', merge(CMS.getLocale('en') || {}, id));
  CMS.init();
}());
