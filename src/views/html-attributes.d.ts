// @kitajs/html's element types predate responsive images' `sizes` attribute on <img> and <source>.
declare namespace JSX {
  interface HtmlImageTag {
    sizes?: undefined | string;
  }
  interface HtmlSourceTag {
    sizes?: undefined | string;
  }
}
