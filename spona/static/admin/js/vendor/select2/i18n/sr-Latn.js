/* Select2's messages in Serbian (Latin script): Select2 ships Serbian only in Cyrillic. Loaded by Django's
   admin for sr-latn (see spona/core/apps.py). */
(function () {
  if (!(window.jQuery && jQuery.fn && jQuery.fn.select2 && jQuery.fn.select2.amd)) {
    return;
  }
  jQuery.fn.select2.amd.define("select2/i18n/sr-Latn", [], function () {
    function plural(count, one, few, many) {
      if (count % 10 === 1 && count % 100 !== 11) {
        return one;
      }
      return count % 10 >= 2 && count % 10 <= 4 && (count % 100 < 12 || count % 100 > 14) ? few : many;
    }
    return {
      errorLoading: function () { return "Preuzimanje nije uspelo."; },
      inputTooLong: function (args) {
        var over = args.input.length - args.maximum;
        return "Obrišite " + over + " " + plural(over, "znak", "znaka", "znakova");
      },
      inputTooShort: function (args) {
        var under = args.minimum - args.input.length;
        return "Ukucajte još bar " + under + " " + plural(under, "znak", "znaka", "znakova");
      },
      loadingMore: function () { return "Preuzimanje još rezultata…"; },
      maximumSelected: function (args) {
        return "Možete izabrati najviše " + args.maximum + " " + plural(args.maximum, "stavku", "stavke", "stavki");
      },
      noResults: function () { return "Ništa nije pronađeno"; },
      searching: function () { return "Pretraga…"; },
      removeAllItems: function () { return "Uklonite sve stavke"; },
      removeItem: function () { return "Uklonite stavku"; },
      search: function () { return "Pretraga"; }
    };
  });
})();
