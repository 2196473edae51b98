import FacetApp

Facet.main()
