// Dimuat sebelum Decap CMS: mulai.js yang menjalankannya, setelah bahasa Indonesia terdaftar.
window.CMS_MANUAL_INIT = true;
