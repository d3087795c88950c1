SET check_function_bodies = false;

CREATE TABLE public.measurements (
    at date NOT NULL,
    v real
)
PARTITION BY RANGE (at);

CREATE TABLE public.measurements_2024 PARTITION OF public.measurements
FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
