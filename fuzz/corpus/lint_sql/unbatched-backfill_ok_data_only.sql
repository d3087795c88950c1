UPDATE orders SET total = price * qty WHERE id < 5000;
