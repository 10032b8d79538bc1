"""The management report: demand, unmet demand, bundles, service and learner figures."""
