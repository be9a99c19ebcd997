"""Member registry: organisations, people, products, capacities, certificates, documents."""
